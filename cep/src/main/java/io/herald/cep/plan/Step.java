package io.herald.cep.plan;

import java.util.Optional;

/**
 * One step of a pattern.
 *
 * @param contiguity how it follows the previous step (ignored, and stored as RELAXED, for the first step)
 * @param variable the pattern variable; its condition is in DEFINE
 * @param absent {@code NOT v}: no event matching v may occur here
 * @param quantifier how many events the step takes
 * @param until a condition that ends the loop (loops only)
 */
public record Step(
        Contiguity contiguity, String variable, boolean absent, Quantifier quantifier, Optional<Expr> until) {

    /** A step that takes one event. */
    public static Step of(Contiguity contiguity, String variable) {
        return new Step(contiguity, variable, false, Quantifier.ONE, Optional.empty());
    }

    /** This step with a quantifier. */
    public Step times(Quantifier q) {
        return new Step(contiguity, variable, absent, q, until);
    }

    /** This loop ended by a condition. */
    public Step until(Expr condition) {
        return new Step(contiguity, variable, absent, quantifier, Optional.of(condition));
    }

    /** An absence step: no event matching the variable may occur. */
    public static Step absent(Contiguity contiguity, String variable) {
        return new Step(contiguity, variable, true, Quantifier.ONE, Optional.empty());
    }
}
