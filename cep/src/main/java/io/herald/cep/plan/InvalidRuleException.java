package io.herald.cep.plan;

/** A rule that is well formed but cannot run; the message names the offending part and the fix. */
public final class InvalidRuleException extends RuntimeException {
    /** The message names the rule, the offending part and the fix. */
    public InvalidRuleException(String message) {
        super(message);
    }
}
