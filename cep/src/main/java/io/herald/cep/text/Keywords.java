package io.herald.cep.text;

import java.util.Locale;
import java.util.Set;

/** The reserved words of the rule language: a name spelled like one is written in backquotes. */
final class Keywords {
    /** The words that can follow a name or an expression; the other keywords are recognised by position only. */
    static final Set<String> RESERVED = Set.of(
            "VERSION",
            "FROM",
            "EVENT",
            "WATERMARK",
            "ALLOWED",
            "IDLE",
            "PARTITION",
            "WHERE",
            "WINDOW",
            "HAVING",
            "MATCH",
            "WITHIN",
            "DEFINE",
            "AFTER",
            "SELECT",
            "EMIT",
            "SUPPRESS",
            "INTO",
            "AS",
            "AND",
            "OR",
            "NOT",
            "IN",
            "IS",
            "NULL",
            "TRUE",
            "FALSE",
            "DISTINCT",
            "UNTIL");

    private Keywords() {}

    static boolean isReserved(String word) {
        return RESERVED.contains(word.toUpperCase(Locale.ROOT));
    }

    /** True when the name can be written bare: letters, digits and _, not starting with a digit, not reserved. */
    static boolean isBareName(String name) {
        if (name.isEmpty() || !(Character.isLetter(name.charAt(0)) || name.charAt(0) == '_')) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_')) {
                return false;
            }
        }
        return !isReserved(name);
    }
}
