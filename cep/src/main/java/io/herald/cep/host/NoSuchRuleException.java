package io.herald.cep.host;

/** A rule name that is not in the rules topic. */
public final class NoSuchRuleException extends RuntimeException {
    private final String name;

    /** For the rule named {@code name}. */
    public NoSuchRuleException(String name) {
        super("no rule named " + name + " is deployed; list the rules to see their names");
        this.name = name;
    }

    /** The name that was asked for. */
    public String name() {
        return name;
    }
}
