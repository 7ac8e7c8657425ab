package io.herald.cep.engine.expr;

/** What a compiled expression reads: the current event, bound pattern variables, aggregates, window bounds. */
public interface Scope {
    /** A field of the current event (or, for a window row, of its latest event); null when absent. */
    Object field(String name);

    /** A field of the last event bound to a pattern variable; null when unbound or absent. */
    default Object field(String variable, String name) {
        return null;
    }

    /** The value of the aggregate in the given slot (see {@link ExprCompiler#aggregates()}). */
    default Object aggregate(int slot) {
        throw new IllegalStateException("no aggregates in this scope");
    }

    /** window_start(), window_end(), event_time(), rule_key(). */
    default Object scalar(String function) {
        return null;
    }
}
