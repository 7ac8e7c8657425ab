package io.herald.cep.plan;

/** Binary operators with their text and precedence (higher binds tighter). */
public enum BinaryOp {
    OR("OR", 1),
    AND("AND", 2),
    EQ("=", 4),
    NE("!=", 4),
    LT("<", 4),
    LE("<=", 4),
    GT(">", 4),
    GE(">=", 4),
    ADD("+", 5),
    SUB("-", 5),
    MUL("*", 6),
    DIV("/", 6),
    MOD("%", 6);

    private final String text;
    private final int precedence;

    BinaryOp(String text, int precedence) {
        this.text = text;
        this.precedence = precedence;
    }

    /** The operator as written in rule text. */
    public String text() {
        return text;
    }

    /** Binding strength: NOT sits at 3, between AND and the comparisons. */
    public int precedence() {
        return precedence;
    }

    /** Comparisons do not chain: {@code a < b < c} is a syntax error. */
    public boolean isComparison() {
        return precedence == 4;
    }
}
