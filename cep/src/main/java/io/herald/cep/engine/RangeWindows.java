package io.herald.cep.engine;

import io.herald.cep.engine.expr.Scope;
import io.herald.cep.engine.expr.Values;
import io.herald.cep.engine.snapshot.SnapshotReader;
import io.herald.cep.engine.snapshot.SnapshotWriter;
import io.herald.cep.engine.window.Accumulator;
import io.herald.cep.engine.window.Accumulators;
import java.util.ArrayList;
import java.util.List;

/**
 * RANGE windows: for each event e of a key, the events processed so far with event time in
 * {@code (e.time - range, e.time]}. Events in order slide one set of accumulators (a cursor): add the new event,
 * remove the ones that fell out, oldest first, so min/max are monotonic deques and the rest are invertible. A late
 * event (older than the key's latest) is inserted in place and its own window is computed from the stored events;
 * the cursor is rebuilt if the event falls inside it. Stored events are dropped once no accepted event can reach
 * them: event time {@code <= min(watermark - lateness, time of the event being processed) - range}. Owned by one {@link RuleEngine}; not thread-safe.
 */
final class RangeWindows extends KeyedStates<RangeWindows.KeyState> {
    private record Entry(long timeMs, long seq, Object[] arguments) {}

    final class KeyState {
        /** Sorted by (event time, seq). */
        final List<Entry> entries = new ArrayList<>();
        /** Index of the first entry in the cursor window. */
        int cursorStart;

        Accumulator[] cursor = fresh();
        long latestMs = Long.MIN_VALUE;
        long suppressUntilMs = Long.MIN_VALUE;
    }

    private final CompiledRule rule;
    private final long rangeMs;

    RangeWindows(CompiledRule rule, long rangeMs) {
        this.rule = rule;
        this.rangeMs = rangeMs;
    }

    private Accumulator[] fresh() {
        Accumulator[] accumulators = new Accumulator[rule.aggregates.size()];
        for (int i = 0; i < accumulators.length; i++) {
            accumulators[i] = Accumulators.create(rule.aggregates.get(i));
        }
        return accumulators;
    }

    @Override
    public void onEvent(String key, Event e, long seq, long watermarkMs, List<Output> out) {
        KeyState state = keys.computeIfAbsent(key, k -> new KeyState());
        long ts = e.eventTimeMs();
        // events released by a watermark jump are older than the watermark: keep what this one still needs
        trim(state, Math.min(watermarkMs - rule.latenessMs, ts) - rangeMs);
        Entry entry = new Entry(ts, seq, AlignedWindows.arguments(rule, e, key));
        Accumulator[] window;
        if (ts >= state.latestMs) {
            state.entries.add(entry);
            add(state.cursor, entry);
            state.latestMs = ts;
            while (state.entries.get(state.cursorStart).timeMs() <= ts - rangeMs) {
                remove(state.cursor, state.entries.get(state.cursorStart++));
            }
            window = state.cursor;
        } else {
            int at = insertionPoint(state.entries, ts);
            state.entries.add(at, entry);
            rebuildCursor(state);
            window = fresh();
            for (Entry other : state.entries) {
                if (other.timeMs() > ts - rangeMs && other.timeMs() <= ts) {
                    add(window, other);
                }
            }
        }
        timers.schedule(key, state.latestMs + rangeMs + rule.latenessMs);
        evaluate(key, e, window, state, out);
    }

    private void evaluate(String key, Event e, Accumulator[] window, KeyState state, List<Output> out) {
        long ts = e.eventTimeMs();
        Scope scope = new Scope() {
            @Override
            public Object field(String name) {
                return Values.normalize(e.fields().get(name));
            }

            @Override
            public Object aggregate(int slot) {
                return window[slot].result();
            }

            @Override
            public Object scalar(String function) {
                return switch (function) {
                    case "window_start" -> ts - rangeMs + 1;
                    case "window_end" -> ts + 1;
                    case "event_time" -> ts;
                    case "rule_key" -> key;
                    default -> null;
                };
            }
        };
        if (!rule.having.test(scope) || ts < state.suppressUntilMs) {
            return;
        }
        String subject = rule.subject(key, "e" + e.coordinates());
        out.add(rule.row(key, subject, subject, ts, rule.project(scope, e.fields())));
        if (rule.suppressMs >= 0) {
            state.suppressUntilMs = ts + rule.suppressMs;
            timers.schedule(key, state.suppressUntilMs + rule.latenessMs);
        }
    }

    private static int insertionPoint(List<Entry> entries, long ts) {
        int low = 0;
        int high = entries.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (entries.get(mid).timeMs() <= ts) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private void rebuildCursor(KeyState state) {
        state.cursor = fresh();
        state.cursorStart = insertionPoint(state.entries, state.latestMs - rangeMs);
        for (int i = state.cursorStart; i < state.entries.size(); i++) {
            add(state.cursor, state.entries.get(i));
        }
    }

    /** Drops the entries no accepted event can reach any more. */
    private void trim(KeyState state, long horizon) {
        int drop = 0;
        while (drop < state.entries.size() && state.entries.get(drop).timeMs() <= horizon) {
            if (drop >= state.cursorStart) {
                remove(state.cursor, state.entries.get(drop));
            }
            drop++;
        }
        if (drop > 0) {
            state.entries.subList(0, drop).clear();
            state.cursorStart = Math.max(0, state.cursorStart - drop);
        }
    }

    private static void add(Accumulator[] accumulators, Entry entry) {
        for (int i = 0; i < accumulators.length; i++) {
            accumulators[i].add(entry.seq(), entry.arguments()[i]);
        }
    }

    private static void remove(Accumulator[] accumulators, Entry entry) {
        for (int i = 0; i < accumulators.length; i++) {
            accumulators[i].removeOldest(entry.seq(), entry.arguments()[i]);
        }
    }

    @Override
    public void onWatermark(long watermarkMs, List<Output> out) {
        for (Timers.Due due : timers.pollUpTo(watermarkMs)) {
            KeyState state = keys.get(due.key());
            if (state == null) {
                continue;
            }
            trim(state, watermarkMs - rule.latenessMs - rangeMs);
            if (state.entries.isEmpty() && state.suppressUntilMs <= watermarkMs - rule.latenessMs) {
                keys.remove(due.key());
            }
        }
    }

    @Override
    public boolean acceptsLate(long eventTimeMs, long watermarkMs) {
        return eventTimeMs >= watermarkMs - rule.latenessMs;
    }

    @Override
    long heldBy(KeyState state) {
        return state.entries.size();
    }

    /**
     * A key: its stored entries (time, seq, one argument per aggregate slot), the cursor's start and accumulators
     * (as they are, so a Double sum keeps its rounding history), the latest event time and the suppression deadline.
     */
    @Override
    void writeKey(SnapshotWriter out, KeyState state) {
        out.writeInt(state.entries.size());
        for (Entry entry : state.entries) {
            out.writeLong(entry.timeMs());
            out.writeLong(entry.seq());
            for (Object argument : entry.arguments()) {
                out.writeValue(argument);
            }
        }
        out.writeInt(state.cursorStart);
        for (Accumulator accumulator : state.cursor) {
            accumulator.writeState(out);
        }
        out.writeLong(state.latestMs);
        out.writeLong(state.suppressUntilMs);
    }

    @Override
    KeyState readKey(SnapshotReader in, String key) {
        KeyState state = new KeyState();
        int n = in.readCount();
        for (int i = 0; i < n; i++) {
            long timeMs = in.readLong();
            long seq = in.readLong();
            Object[] arguments = new Object[rule.aggregates.size()];
            for (int a = 0; a < arguments.length; a++) {
                arguments[a] = in.readValue();
            }
            state.entries.add(new Entry(timeMs, seq, arguments));
        }
        state.cursorStart = in.readInt();
        for (Accumulator accumulator : state.cursor) {
            accumulator.readState(in);
        }
        state.latestMs = in.readLong();
        state.suppressUntilMs = in.readLong();
        return state;
    }
}
