package io.herald.cep.plan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds a {@link Pattern} in the order of the text. Not thread-safe; use one per pattern.
 *
 * <pre>{@code
 * Pattern.start("cart").followedBy("checkout").absent().within(Duration.ofMinutes(30))
 *         .define("cart", field("type").eq("CART")).define("checkout", field("type").eq("CHECKOUT")).build();
 * }</pre>
 */
public final class PatternBuilder {
    private final List<Step> steps = new ArrayList<>();
    private final List<Define> defines = new ArrayList<>();
    private Optional<Duration> within = Optional.empty();
    private SkipStrategy skip = new SkipStrategy.PastLastEvent();

    PatternBuilder(String firstVariable) {
        steps.add(Step.of(Contiguity.RELAXED, firstVariable));
    }

    /** {@code , v}: the next step must be the key's very next event. */
    public PatternBuilder next(String variable) {
        steps.add(Step.of(Contiguity.STRICT, variable));
        return this;
    }

    /** {@code -> v}: the next step is the first later event that matches. */
    public PatternBuilder followedBy(String variable) {
        steps.add(Step.of(Contiguity.RELAXED, variable));
        return this;
    }

    /** {@code ->> v}: every later matching event starts its own branch. */
    public PatternBuilder followedByAny(String variable) {
        steps.add(Step.of(Contiguity.ANY, variable));
        return this;
    }

    /** The last step takes between min and max events ({@link Quantifier#UNBOUNDED} for no limit). */
    public PatternBuilder times(int min, int max) {
        return replaceLast(last().times(new Quantifier(min, max)));
    }

    /** {@code ?} on the last step. */
    public PatternBuilder optional() {
        return replaceLast(last().times(Quantifier.OPTIONAL));
    }

    /** {@code +} on the last step. */
    public PatternBuilder oneOrMore() {
        return replaceLast(last().times(Quantifier.ONE_OR_MORE));
    }

    /** {@code *} on the last step. */
    public PatternBuilder zeroOrMore() {
        return replaceLast(last().times(Quantifier.ZERO_OR_MORE));
    }

    /** {@code UNTIL condition} on the last step, a loop. */
    public PatternBuilder until(Expr condition) {
        return replaceLast(last().until(condition));
    }

    /** {@code NOT v}: makes the last step an absence. */
    public PatternBuilder absent() {
        Step s = last();
        return replaceLast(Step.absent(s.contiguity(), s.variable()));
    }

    /** {@code WITHIN d}: from a match's first event to its last. */
    public PatternBuilder within(Duration duration) {
        this.within = Optional.of(duration);
        return this;
    }

    /** {@code DEFINE v AS condition}. */
    public PatternBuilder define(String variable, Expr condition) {
        defines.add(new Define(variable, condition));
        return this;
    }

    /** {@code AFTER MATCH ...}; default skip past last event. */
    public PatternBuilder skip(SkipStrategy strategy) {
        this.skip = strategy;
        return this;
    }

    /** The pattern; the rule's validator checks it when the rule is built. */
    public Pattern build() {
        return new Pattern(steps, within, defines, skip);
    }

    private Step last() {
        return steps.get(steps.size() - 1);
    }

    private PatternBuilder replaceLast(Step step) {
        steps.set(steps.size() - 1, step);
        return this;
    }
}
