package io.herald.cep.plan;

import java.util.Optional;

/** What a rule does with the events that pass WHERE. */
public sealed interface Body {

    /** A filter rule: each event on its own (simple event processing). */
    record PerEvent() implements Body {}

    /** A windowed aggregate with an optional HAVING condition. */
    record Windowed(Window window, Optional<Expr> having) implements Body {}

    /** A pattern over the events of each key. */
    record Matching(Pattern pattern) implements Body {}
}
