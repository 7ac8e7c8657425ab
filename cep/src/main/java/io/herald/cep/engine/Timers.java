package io.herald.cep.engine;

import io.herald.cep.engine.snapshot.SnapshotReader;
import io.herald.cep.engine.snapshot.SnapshotWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Event-time timers per key: "look at key k again when the watermark reaches t". Due timers come out in (time, key)
 * order, which makes the order of window closings deterministic. A timer may be stale (its window grew or went);
 * the processor checks. Not thread-safe; owned by one processor.
 */
final class Timers {
    /** A due timer. */
    record Due(long timeMs, String key) {}

    private final TreeMap<Long, TreeSet<String>> byTime = new TreeMap<>();

    void schedule(String key, long timeMs) {
        byTime.computeIfAbsent(timeMs, t -> new TreeSet<>()).add(key);
    }

    /** Removes and returns the timers at or below the watermark, in (time, key) order. */
    List<Due> pollUpTo(long watermarkMs) {
        List<Due> due = new ArrayList<>();
        while (!byTime.isEmpty() && byTime.firstKey() <= watermarkMs) {
            Map.Entry<Long, TreeSet<String>> first = byTime.pollFirstEntry();
            first.getValue().forEach(k -> due.add(new Due(first.getKey(), k)));
        }
        return due;
    }

    /**
     * Every pending timer, stale ones included (a stale timer still frees its key when it fires, which the key cap
     * can notice), in (time, key) order: an int count of times, then per time the long time, an int count of keys and
     * the keys.
     */
    void writeTo(SnapshotWriter out) {
        out.writeInt(byTime.size());
        for (Map.Entry<Long, TreeSet<String>> e : byTime.entrySet()) {
            out.writeLong(e.getKey());
            out.writeInt(e.getValue().size());
            e.getValue().forEach(out::writeString);
        }
    }

    /** Replaces the timers with what {@link #writeTo} wrote. */
    void readFrom(SnapshotReader in) {
        byTime.clear();
        int times = in.readCount();
        for (int i = 0; i < times; i++) {
            long timeMs = in.readLong();
            int n = in.readCount();
            for (int k = 0; k < n; k++) {
                schedule(in.readString(), timeMs);
            }
        }
    }
}
