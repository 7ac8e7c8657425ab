package io.herald.cep.text;

import java.time.Duration;
import java.util.List;

/**
 * The parser's position in the token list, with the small moves every production uses: peek, accept, expect, and
 * the errors that say what was expected. Not thread-safe; one per parse.
 */
final class TokenCursor {
    private final List<Token> tokens;
    private int index;

    TokenCursor(List<Token> tokens) {
        this.tokens = tokens;
    }

    Duration duration() {
        Token t = peek();
        if (t.kind() != Token.Kind.DURATION) {
            throw error("a duration such as 500ms, 5s, 1m, 2h or 1d");
        }
        next();
        String text = t.text();
        int unitStart = 0;
        while (Character.isDigit(text.charAt(unitStart))) {
            unitStart++;
        }
        long amount;
        try {
            amount = Long.parseLong(text.substring(0, unitStart));
            return switch (text.substring(unitStart)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        } catch (ArithmeticException | NumberFormatException e) {
            throw new RuleSyntaxException(t.line(), t.column(), "a duration that fits in 64 bits", t.describe());
        }
    }

    long integer(String what) {
        Token t = peek();
        if (t.kind() != Token.Kind.INTEGER) {
            throw error(what);
        }
        next();
        try {
            long value = Long.parseLong(t.text());
            if (value > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new RuleSyntaxException(
                    t.line(), t.column(), what + " (at most " + Integer.MAX_VALUE + ")", t.describe());
        }
    }

    String name(String what) {
        Token t = peek();
        if (t.kind() == Token.Kind.QUOTED_NAME || (t.kind() == Token.Kind.WORD && !Keywords.isReserved(t.text()))) {
            next();
            return t.text();
        }
        throw error(
                t.kind() == Token.Kind.WORD
                        ? what + " (a keyword as a name goes in backquotes: `" + t.text() + "`)"
                        : what);
    }

    void keyword(String keyword) {
        if (!acceptWord(keyword)) {
            throw error(keyword);
        }
    }

    void symbol(String symbol) {
        if (!acceptSymbol(symbol)) {
            throw error("'" + symbol + "'");
        }
    }

    boolean acceptWord(String keyword) {
        if (peek().isWord(keyword)) {
            index++;
            return true;
        }
        return false;
    }

    boolean acceptSymbol(String symbol) {
        if (peek().isSymbol(symbol)) {
            index++;
            return true;
        }
        return false;
    }

    Token peek() {
        return tokens.get(index);
    }

    Token peekAt(int ahead) {
        return tokens.get(Math.min(index + ahead, tokens.size() - 1));
    }

    Token next() {
        return tokens.get(index++);
    }

    RuleSyntaxException error(String expected) {
        Token t = peek();
        return new RuleSyntaxException(t.line(), t.column(), expected, t.describe());
    }
}
