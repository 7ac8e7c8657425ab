package io.herald.cep.engine;

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
}
