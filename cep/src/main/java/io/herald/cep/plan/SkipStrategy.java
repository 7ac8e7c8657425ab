package io.herald.cep.plan;

/** What happens to other partial matches after a match (SQL's AFTER MATCH SKIP, plus Flink's NO SKIP). */
public sealed interface SkipStrategy {

    /** Keep every partial match: every possible match is emitted. */
    record NoSkip() implements SkipStrategy {}

    /** Drop the partial matches that started at the match's first event. */
    record ToNextEvent() implements SkipStrategy {}

    /** Drop every partial match that started at or before the match's last event (the default). */
    record PastLastEvent() implements SkipStrategy {}

    /** Drop the partial matches that started before the first event bound to the variable. */
    record ToFirst(String variable) implements SkipStrategy {}

    /** Drop the partial matches that started before the last event bound to the variable. */
    record ToLast(String variable) implements SkipStrategy {}
}
