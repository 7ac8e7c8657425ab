package io.herald.cep.plan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code MATCH PATTERN (steps) WITHIN d DEFINE ... AFTER MATCH ...}.
 *
 * @param steps the steps in order; the first one's contiguity is stored as RELAXED
 * @param within the largest span from a match's first to its last event
 * @param defines the conditions of the variables; a variable without one matches every event
 * @param skip what happens to other partial matches after a match
 */
public record Pattern(List<Step> steps, Optional<Duration> within, List<Define> defines, SkipStrategy skip) {

    /** Copies the lists and normalises the first step's contiguity. */
    public Pattern {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a pattern needs at least one step");
        }
        List<Step> copy = new ArrayList<>(steps);
        Step first = copy.get(0);
        copy.set(0, new Step(Contiguity.RELAXED, first.variable(), first.absent(), first.quantifier(), first.until()));
        steps = List.copyOf(copy);
        defines = List.copyOf(defines);
    }

    /** Starts a pattern in the Java API with its first step. */
    public static PatternBuilder start(String firstVariable) {
        return new PatternBuilder(firstVariable);
    }

    /** The condition of a variable, if it has one. */
    public Optional<Expr> condition(String variable) {
        return defines.stream()
                .filter(d -> d.variable().equals(variable))
                .map(Define::condition)
                .findFirst();
    }
}
