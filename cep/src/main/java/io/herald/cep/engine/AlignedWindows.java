package io.herald.cep.engine;

import io.herald.cep.engine.expr.AggregateCall;
import io.herald.cep.engine.expr.Compiled;
import io.herald.cep.engine.snapshot.SnapshotReader;
import io.herald.cep.engine.snapshot.SnapshotWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Tumbling and hopping windows: clock-aligned windows {@code [k*advance, k*advance + size)} per key (tumbling is
 * advance = size). A window closes when the watermark reaches its end plus the allowed lateness; a key's state goes
 * when it has no window and no suppression in force. Owned by one {@link RuleEngine}; not thread-safe.
 */
final class AlignedWindows extends KeyedStates<AlignedWindows.KeyState> {
    static final class KeyState {
        final TreeMap<Long, WindowRow> windows = new TreeMap<>();
        /** Event time before which ON MATCH rows are suppressed; [0] so the emitter can update it. */
        final long[] suppression = {Long.MIN_VALUE};
    }

    private final CompiledRule rule;
    private final WindowEmitter emitter;
    private final long sizeMs;
    private final long advanceMs;

    AlignedWindows(CompiledRule rule, long sizeMs, long advanceMs) {
        this.rule = rule;
        this.emitter = new WindowEmitter(rule);
        this.sizeMs = sizeMs;
        this.advanceMs = advanceMs;
    }

    @Override
    public void onEvent(String key, Event e, long seq, long watermarkMs, List<Output> out) {
        KeyState state = keys.computeIfAbsent(key, k -> new KeyState());
        Object[] arguments = arguments(rule, e, key);
        List<WindowRow> changed = new ArrayList<>();
        long last = Math.floorDiv(e.eventTimeMs(), advanceMs);
        long first = Math.floorDiv(e.eventTimeMs() - sizeMs, advanceMs) + 1;
        for (long k = first; k <= last; k++) {
            long start = k * advanceMs;
            WindowRow row = state.windows.computeIfAbsent(start, s -> {
                timers.schedule(key, s + sizeMs + rule.latenessMs);
                return new WindowRow(key, s, s + sizeMs, rule.aggregates);
            });
            row.add(e, seq, arguments);
            changed.add(row);
        }
        emitter.afterEvent(key, e.eventTimeMs(), changed, state.suppression, out);
        if (state.suppression[0] != Long.MIN_VALUE) {
            timers.schedule(key, state.suppression[0] + rule.latenessMs);
        }
    }

    /** The aggregate arguments of an event, evaluated once for all the windows it falls in. */
    static Object[] arguments(CompiledRule rule, Event e, String key) {
        List<AggregateCall> aggregates = rule.aggregates;
        Object[] arguments = new Object[aggregates.size()];
        var scope = CompiledRule.eventScope(e, key);
        for (int i = 0; i < arguments.length; i++) {
            Compiled argument = aggregates.get(i).argument();
            arguments[i] = argument == null ? null : argument.eval(scope);
        }
        return arguments;
    }

    @Override
    public void onWatermark(long watermarkMs, List<Output> out) {
        for (Timers.Due due : timers.pollUpTo(watermarkMs)) {
            KeyState state = keys.get(due.key());
            if (state == null) {
                continue;
            }
            emitter.closeDue(due.key(), state.windows, due.timeMs(), out);
            if (state.windows.isEmpty() && state.suppression[0] <= watermarkMs - rule.latenessMs) {
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
        return state.windows.size();
    }

    @Override
    void writeKey(SnapshotWriter out, KeyState state) {
        out.writeLong(state.suppression[0]);
        WindowRow.writeRows(out, state.windows);
    }

    @Override
    KeyState readKey(SnapshotReader in, String key) {
        KeyState state = new KeyState();
        state.suppression[0] = in.readLong();
        WindowRow.readRows(in, key, rule.aggregates, state.windows);
        return state;
    }
}
