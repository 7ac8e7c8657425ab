package io.herald.cep.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Splits rule text into tokens. Comments ({@code -- ...}) and white space are dropped. */
final class Lexer {
    private static final List<String> SYMBOLS = List.of(
            "->>", "->", "<=", ">=", "!=", "<>", "(", ")", ",", ".", "*", "+", "-", "/", "%", "=", "<", ">", "?", "{",
            "}");
    static final Set<String> DURATION_UNITS = Set.of("ms", "s", "m", "h", "d");

    private final String text;
    private int pos;
    private int line = 1;
    private int lineStart;

    private Lexer(String text) {
        this.text = text;
    }

    static List<Token> tokens(String text) {
        return new Lexer(text).all();
    }

    private List<Token> all() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            skipSpaceAndComments();
            if (pos >= text.length()) {
                tokens.add(new Token(Token.Kind.END, "", line, column()));
                return tokens;
            }
            tokens.add(next());
        }
    }

    private int column() {
        return pos - lineStart + 1;
    }

    private void skipSpaceAndComments() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                pos++;
                line++;
                lineStart = pos;
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else if (text.startsWith("--", pos)) {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    private Token next() {
        int startLine = line;
        int startColumn = column();
        char c = text.charAt(pos);
        if (Character.isLetter(c) || c == '_') {
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            return new Token(Token.Kind.WORD, text.substring(start, pos), startLine, startColumn);
        }
        if (Character.isDigit(c)) {
            return number(startLine, startColumn);
        }
        if (c == '\'') {
            return quoted('\'', Token.Kind.STRING, "a closing ' for the string", startLine, startColumn);
        }
        if (c == '`') {
            return quoted('`', Token.Kind.QUOTED_NAME, "a closing ` for the name", startLine, startColumn);
        }
        for (String symbol : SYMBOLS) {
            if (text.startsWith(symbol, pos)) {
                pos += symbol.length();
                return new Token(Token.Kind.SYMBOL, symbol, startLine, startColumn);
            }
        }
        throw new RuleSyntaxException(startLine, startColumn, "a name, number, string or operator", "'" + c + "'");
    }

    private Token number(int startLine, int startColumn) {
        int start = pos;
        digits();
        boolean decimal = false;
        if (pos + 1 < text.length() && text.charAt(pos) == '.' && Character.isDigit(text.charAt(pos + 1))) {
            pos++;
            digits();
            decimal = true;
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            int exponent = pos + 1;
            if (exponent < text.length() && (text.charAt(exponent) == '+' || text.charAt(exponent) == '-')) {
                exponent++;
            }
            if (exponent < text.length() && Character.isDigit(text.charAt(exponent))) {
                pos = exponent;
                digits();
                decimal = true;
            }
        }
        if (!decimal && pos < text.length() && Character.isLetter(text.charAt(pos))) {
            int unitStart = pos;
            while (pos < text.length() && Character.isLetter(text.charAt(pos))) {
                pos++;
            }
            String unit = text.substring(unitStart, pos);
            if (!DURATION_UNITS.contains(unit)) {
                throw new RuleSyntaxException(
                        startLine,
                        startColumn,
                        "a duration unit (ms, s, m, h, d)",
                        "'" + text.substring(start, pos) + "'");
            }
            return new Token(Token.Kind.DURATION, text.substring(start, pos), startLine, startColumn);
        }
        return new Token(
                decimal ? Token.Kind.DECIMAL : Token.Kind.INTEGER, text.substring(start, pos), startLine, startColumn);
    }

    private void digits() {
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
    }

    private Token quoted(char quote, Token.Kind kind, String expected, int startLine, int startColumn) {
        StringBuilder content = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= text.length()) {
                throw new RuleSyntaxException(line, column(), expected, "the end of the rule");
            }
            char c = text.charAt(pos);
            if (c == quote) {
                if (pos + 1 < text.length() && text.charAt(pos + 1) == quote) {
                    content.append(quote);
                    pos += 2;
                    continue;
                }
                pos++;
                return new Token(kind, content.toString(), startLine, startColumn);
            }
            if (c == '\n') {
                line++;
                lineStart = pos + 1;
            }
            content.append(c);
            pos++;
        }
    }
}
