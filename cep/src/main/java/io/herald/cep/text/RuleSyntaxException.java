package io.herald.cep.text;

/** Rule text that does not parse: where (line and column, from 1), what was found, and what was expected. */
public final class RuleSyntaxException extends RuntimeException {
    private final int line;
    private final int column;
    private final String expected;
    private final String found;

    /** A syntax error at a position (from 1), naming what the parser expected and what it found. */
    public RuleSyntaxException(int line, int column, String expected, String found) {
        super("line " + line + ", column " + column + ": expected " + expected + ", found " + found);
        this.line = line;
        this.column = column;
        this.expected = expected;
        this.found = found;
    }

    /** The line of the offending token, from 1. */
    public int line() {
        return line;
    }

    /** The column of the offending token, from 1. */
    public int column() {
        return column;
    }

    /** What the parser could have accepted at that point. */
    public String expected() {
        return expected;
    }

    /** The text it found instead. */
    public String found() {
        return found;
    }
}
