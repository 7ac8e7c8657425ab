package io.herald.cep.plan;

/** How a pattern step follows the previous one. */
public enum Contiguity {
    /** {@code ,}: the very next event of the key must match. */
    STRICT(","),
    /** {@code ->}: skip events until the first one that matches. */
    RELAXED("->"),
    /** {@code ->>}: every later matching event starts its own branch. */
    ANY("->>");

    private final String text;

    Contiguity(String text) {
        this.text = text;
    }

    /** The operator as written in rule text. */
    public String text() {
        return text;
    }
}
