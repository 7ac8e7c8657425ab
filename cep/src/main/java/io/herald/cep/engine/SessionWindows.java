package io.herald.cep.engine;

import io.herald.cep.engine.snapshot.SnapshotReader;
import io.herald.cep.engine.snapshot.SnapshotWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Session windows: per key, events less than the gap apart share a window {@code [first, last + gap)}. An event that
 * bridges two sessions (possible with late events) merges them. In EMIT CHANGES a session whose bounds change is
 * retracted under its old bounds and emitted under the new ones. Owned by one {@link RuleEngine}; not thread-safe.
 */
final class SessionWindows extends KeyedStates<SessionWindows.KeyState> {
    static final class KeyState {
        final TreeMap<Long, WindowRow> sessions = new TreeMap<>();
        final long[] suppression = {Long.MIN_VALUE};
    }

    private final CompiledRule rule;
    private final WindowEmitter emitter;
    private final long gapMs;

    SessionWindows(CompiledRule rule, long gapMs) {
        this.rule = rule;
        this.emitter = new WindowEmitter(rule);
        this.gapMs = gapMs;
    }

    @Override
    public void onEvent(String key, Event e, long seq, long watermarkMs, List<Output> out) {
        KeyState state = keys.computeIfAbsent(key, k -> new KeyState());
        long ts = e.eventTimeMs();
        // the sessions this event touches: start < ts + gap and last > ts - gap; sessions are disjoint and ordered
        List<WindowRow> touched = new ArrayList<>();
        for (WindowRow row :
                state.sessions.headMap(ts + gapMs, false).descendingMap().values()) {
            if (row.endMs - gapMs <= ts - gapMs) {
                break;
            }
            touched.add(0, row);
        }
        touched.forEach(r -> state.sessions.remove(r.startMs));
        long start = touched.isEmpty() ? ts : Math.min(ts, touched.get(0).startMs);
        long last = touched.isEmpty() ? ts : Math.max(ts, touched.get(touched.size() - 1).endMs - gapMs);
        WindowRow merged = new WindowRow(key, start, last + gapMs, rule.aggregates);
        for (WindowRow old : touched) {
            merged.mergeFrom(old);
        }
        merged.add(e, seq, AlignedWindows.arguments(rule, e, key));
        for (WindowRow old : touched) {
            if (old.startMs == merged.startMs && old.endMs == merged.endMs) {
                merged.lastEmitted = old.lastEmitted;
                merged.changes = old.changes;
            } else if (old.lastEmitted != null) {
                emitter.retract(key, old, out);
            }
        }
        state.sessions.put(start, merged);
        timers.schedule(key, merged.endMs + rule.latenessMs);
        emitter.afterEvent(key, ts, List.of(merged), state.suppression, out);
        if (state.suppression[0] != Long.MIN_VALUE) {
            timers.schedule(key, state.suppression[0] + rule.latenessMs);
        }
    }

    @Override
    public void onWatermark(long watermarkMs, List<Output> out) {
        for (Timers.Due due : timers.pollUpTo(watermarkMs)) {
            KeyState state = keys.get(due.key());
            if (state == null) {
                continue;
            }
            emitter.closeDue(due.key(), state.sessions, due.timeMs(), out);
            if (state.sessions.isEmpty() && state.suppression[0] <= watermarkMs - rule.latenessMs) {
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
        return state.sessions.size();
    }

    @Override
    void writeKey(SnapshotWriter out, KeyState state) {
        out.writeLong(state.suppression[0]);
        WindowRow.writeRows(out, state.sessions);
    }

    @Override
    KeyState readKey(SnapshotReader in, String key) {
        KeyState state = new KeyState();
        state.suppression[0] = in.readLong();
        WindowRow.readRows(in, key, rule.aggregates, state.sessions);
        return state;
    }
}
