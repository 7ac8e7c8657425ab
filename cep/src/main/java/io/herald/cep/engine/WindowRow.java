package io.herald.cep.engine;

import io.herald.cep.engine.expr.AggregateCall;
import io.herald.cep.engine.expr.Scope;
import io.herald.cep.engine.expr.Values;
import io.herald.cep.engine.snapshot.SnapshotReader;
import io.herald.cep.engine.snapshot.SnapshotWriter;
import io.herald.cep.engine.window.Accumulator;
import io.herald.cep.engine.window.Accumulators;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

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

    /**
     * A window in a snapshot: start, end, latest event time and seq, the latest event's fields, each accumulator's
     * state in slot order, then the emission state (fired, the row last emitted or null, the change count).
     */
    void writeTo(SnapshotWriter out) {
        out.writeLong(startMs);
        out.writeLong(endMs);
        out.writeLong(latestEventTimeMs);
        out.writeLong(latestSeq);
        out.writeMap(latestFields);
        for (Accumulator accumulator : accumulators) {
            accumulator.writeState(out);
        }
        out.writeBoolean(fired);
        out.writeMap(lastEmitted);
        out.writeInt(changes);
    }

    static WindowRow read(SnapshotReader in, String key, List<AggregateCall> aggregates) {
        WindowRow row = new WindowRow(key, in.readLong(), in.readLong(), aggregates);
        row.latestEventTimeMs = in.readLong();
        row.latestSeq = in.readLong();
        row.latestFields = in.readMap();
        for (Accumulator accumulator : row.accumulators) {
            accumulator.readState(in);
        }
        row.fired = in.readBoolean();
        row.lastEmitted = in.readMap();
        row.changes = in.readInt();
        return row;
    }

    /** A key's windows by start: a count, then each window. */
    static void writeRows(SnapshotWriter out, NavigableMap<Long, WindowRow> rows) {
        out.writeInt(rows.size());
        rows.values().forEach(row -> row.writeTo(out));
    }

    static void readRows(
            SnapshotReader in, String key, List<AggregateCall> aggregates, NavigableMap<Long, WindowRow> into) {
        int n = in.readCount();
        for (int i = 0; i < n; i++) {
            WindowRow row = read(in, key, aggregates);
            into.put(row.startMs, row);
        }
    }

    /** {@code w<start>-<end>}. */
    String window() {
        return "w" + startMs + "-" + endMs;
    }
}
