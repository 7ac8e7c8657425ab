package io.herald.cep.text;

/**
 * One token of rule text, with its position (line and column from 1).
 *
 * @param text for {@link Kind#STRING} and {@link Kind#QUOTED_NAME} the unquoted content, else the source text
 */
record Token(Kind kind, String text, int line, int column) {
    enum Kind {
        /** A bare word: a keyword or a name. */
        WORD,
        /** A name in backquotes; never a keyword. */
        QUOTED_NAME,
        INTEGER,
        DECIMAL,
        /** A number with a unit: 500ms, 5s, 1m, 2h, 1d. */
        DURATION,
        STRING,
        SYMBOL,
        END
    }

    boolean isWord(String keyword) {
        return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
    }

    boolean isSymbol(String symbol) {
        return kind == Kind.SYMBOL && text.equals(symbol);
    }

    /** The token as an error message shows it. */
    String describe() {
        return switch (kind) {
            case END -> "the end of the rule";
            case STRING -> "'" + text + "'";
            case QUOTED_NAME -> "`" + text + "`";
            default -> "'" + text + "'";
        };
    }
}
