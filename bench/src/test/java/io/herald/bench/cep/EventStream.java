package io.herald.bench.cep;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The pre-generated events both engines read: maps with {@code key}, {@code type} ({@code P} purchase 80 %, {@code A}
 * 10 %, {@code B} 10 %), {@code amount} (0..1000), {@code category} ({@code c0}..{@code c999}) and {@code ts}, in
 * event-time order, {@code stepMs} apart on average. Fixed seed: every run reads the same stream.
 */
final class EventStream {
    static final int CATEGORIES = 1000;

    private EventStream() {}

    static List<Map<String, Object>> generate(int count, int keys, long stepMs) {
        SplittableRandom random = new SplittableRandom(42);
        List<Map<String, Object>> events = new ArrayList<>(count);
        long ts = 1_700_000_000_000L;
        for (int i = 0; i < count; i++) {
            ts += random.nextLong(2 * stepMs + 1);
            int kind = random.nextInt(10);
            Map<String, Object> e = new HashMap<>();
            e.put("key", "k" + random.nextInt(keys));
            e.put("type", kind < 8 ? "P" : kind == 8 ? "A" : "B");
            e.put("amount", (double) random.nextInt(1001));
            e.put("category", "c" + random.nextInt(CATEGORIES));
            e.put("ts", ts);
            events.add(e);
        }
        return events;
    }
}
