package io.herald.cep.engine;

import io.herald.cep.engine.expr.AggregateCall;
import io.herald.cep.engine.expr.Scope;
import io.herald.cep.engine.expr.Values;
import io.herald.cep.engine.window.Accumulator;
import io.herald.cep.engine.window.Accumulators;
import java.util.List;
import java.util.Map;

/**
 * One window of one key: its bounds, an accumulator per aggregate slot, the fields of its latest event (for bare
 * fields in SELECT), and what was emitted for it. Owned by its processor; not thread-safe.
 */
final class WindowRow implements Scope {
    final long startMs;
    long endMs;
    long latestEventTimeMs = Long.MIN_VALUE;
    private long latestSeq = Long.MIN_VALUE;
    private Map<String, Object> latestFields = Map.of();
    private final String key;
    final Accumulator[] accumulators;

    /** ON MATCH: a row was emitted for this window. */
    boolean fired;
    /** CHANGES: the row last emitted for this window's subject, null when none stands. */
    Map<String, Object> lastEmitted;
    /** CHANGES: outputs so far for this subject; numbers the ids. */
    int changes;

    WindowRow(String key, long startMs, long endMs, List<AggregateCall> aggregates) {
        this.key = key;
        this.startMs = startMs;
        this.endMs = endMs;
        this.accumulators = new Accumulator[aggregates.size()];
        for (int i = 0; i < accumulators.length; i++) {
            accumulators[i] = Accumulators.create(aggregates.get(i));
        }
    }

    void add(Event e, long seq, Object[] arguments) {
        for (int i = 0; i < accumulators.length; i++) {
            accumulators[i].add(seq, arguments[i]);
        }
        if (seq > latestSeq) {
            latestSeq = seq;
            latestFields = e.fields();
        }
        latestEventTimeMs = Math.max(latestEventTimeMs, e.eventTimeMs());
    }

    /** Takes in another window of the same key (sessions that merge). */
    void mergeFrom(WindowRow other) {
        for (int i = 0; i < accumulators.length; i++) {
            accumulators[i].mergeFrom(other.accumulators[i]);
        }
        if (other.latestSeq > latestSeq) {
            latestSeq = other.latestSeq;
            latestFields = other.latestFields;
        }
        latestEventTimeMs = Math.max(latestEventTimeMs, other.latestEventTimeMs);
        fired |= other.fired;
    }

    @Override
    public Object field(String name) {
        return Values.normalize(latestFields.get(name));
    }

    @Override
    public Object aggregate(int slot) {
        return accumulators[slot].result();
    }

    @Override
    public Object scalar(String function) {
        return switch (function) {
            case "window_start" -> startMs;
            case "window_end" -> endMs;
            case "event_time" -> latestEventTimeMs;
            case "rule_key" -> key;
            default -> null;
        };
    }

    Map<String, Object> latestFields() {
        return latestFields;
    }

    /** {@code w<start>-<end>}. */
    String window() {
        return "w" + startMs + "-" + endMs;
    }
}
