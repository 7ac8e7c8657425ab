package io.herald.server.tools;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows under a header, each column as wide as its widest cell, as {@code kafka-consumer-groups} prints them. A missing
 * value is {@code -}, so no cell is empty and a script can split each line on whitespace.
 */
final class TextTable {
    static final String MISSING = "-";
    private static final String COLUMN_GAP = "  ";

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    TextTable(String... header) {
        this.header = List.of(header);
    }

    /** Adds a row; a null or empty cell prints as {@link #MISSING}. */
    TextTable row(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException(
                    "a row of " + header.size() + " columns " + header + " got " + cells.length + " cells");
        }
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            String text = cell == null ? "" : cell.toString();
            row.add(text.isEmpty() ? MISSING : text);
        }
        rows.add(row);
        return this;
    }

    void print(PrintWriter out) {
        int[] widths = new int[header.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = header.get(c).length();
            for (List<String> row : rows)
                widths[c] = Math.max(widths[c], row.get(c).length());
        }
        printLine(out, header, widths);
        for (List<String> row : rows) printLine(out, row, widths);
    }

    private static void printLine(PrintWriter out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            line.append(cell);
            if (c < cells.size() - 1)
                line.append(" ".repeat(widths[c] - cell.length())).append(COLUMN_GAP);
        }
        out.println(line);
    }
}
