package io.herald.cep.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.cep.plan.Rule;
import io.herald.cep.text.RuleText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The engine against {@link ReferenceWindowModel} on random rules and streams (three keys, small values, ties,
 * duplicates, late events), plus order independence within the lag and state that drains to zero.
 */
class WindowEnginePropertiesTest {
    private static final List<String> WINDOWS =
            List.of("TUMBLING 10ms", "HOPPING 20ms ADVANCE 5ms", "SESSION GAP 7ms", "RANGE 15ms");
    private static final List<String> EMITS =
            List.of("EMIT ON MATCH", "EMIT ON MATCH SUPPRESS 8ms", "EMIT FINAL", "EMIT CHANGES");
    private static final List<String> HAVINGS =
            List.of("", "HAVING count(*) >= 2", "HAVING sum(v) > 5", "HAVING count(DISTINCT loc) >= 2 AND max(v) > 1");
    private static final String SELECT = "SELECT k, count(*) AS n, sum(v) AS s, avg(v) AS a, min(v) AS lo,"
            + " max(loc) AS hi, count(DISTINCT loc) AS d, percentile(v, 0.5) AS p50, window_start() AS ws,"
            + " window_end() AS we, v";

    sealed interface Input {
        record Ev(Event event) implements Input {}

        record Wm(long watermarkMs) implements Input {}
    }

    @Property(tries = 400)
    void engineEqualsReferenceStepByStepAndDrainsToZero(@ForAll long seed) {
        Random random = new Random(seed);
        Rule rule = randomRule(random, "");
        List<Input> inputs = randomInputs(random);
        RuleEngine engine = RuleEngine.create(rule);
        ReferenceWindowModel reference = new ReferenceWindowModel(rule);

        for (Input input : inputs) {
            switch (input) {
                case Input.Ev ev ->
                    assertThat(engine.onEvent(ev.event()))
                            .as("%s\nafter %s", RuleText.print(rule), input)
                            .isEqualTo(reference.onEvent(ev.event()));
                case Input.Wm wm ->
                    assertThat(engine.onWatermark(wm.watermarkMs()))
                            .as("%s\nafter %s", RuleText.print(rule), input)
                            .isEqualTo(reference.onWatermark(wm.watermarkMs()));
            }
        }

        assertThat(engine.stateSize()).as(RuleText.print(rule)).isZero();
        assertThat(engine.keyCount()).isZero();
    }

    @Property(tries = 300)
    void anyArrivalOrderWithinTheLagGivesTheSameOutput(@ForAll long seed) {
        Random random = new Random(seed);
        Rule rule = randomRule(random, " WATERMARK LAG 10ms");
        List<List<Event>> partitions = partitionsWithinLag(random, 10);

        List<Output> first = run(rule, Interleavings.interleave(partitions, new Random(seed + 1)));
        List<Output> second = run(rule, Interleavings.interleave(partitions, new Random(seed + 2)));

        assertThat(first).noneMatch(o -> o.kind() == Output.Kind.LATE);
        assertThat(sortedById(second)).as(RuleText.print(rule)).isEqualTo(sortedById(first));
    }

    private static List<Output> run(Rule rule, List<Event> arrivals) {
        RuleEngine engine = RuleEngine.create(rule);
        WatermarkTracker tracker = new WatermarkTracker(10, 60_000);
        tracker.assign("t", 0, 0);
        tracker.assign("t", 1, 0);
        List<Output> out = new ArrayList<>();
        long max = 0;
        for (Event e : arrivals) {
            tracker.onEvent(e.topic(), e.partition(), e.eventTimeMs(), 0);
            out.addAll(engine.onEvent(e));
            out.addAll(engine.onWatermark(tracker.watermarkMs(0)));
            max = Math.max(max, e.eventTimeMs());
        }
        out.addAll(engine.onWatermark(max + 100));
        assertThat(engine.stateSize()).isZero();
        return out;
    }

    private static List<Output> sortedById(List<Output> outputs) {
        return outputs.stream().sorted(Comparator.comparing(Output::id)).toList();
    }

    static Rule randomRule(Random random, String sourceExtra) {
        String window = pick(random, WINDOWS);
        String emit = window.startsWith("RANGE") ? pick(random, EMITS.subList(0, 2)) : pick(random, EMITS);
        String lateness = random.nextBoolean() ? " ALLOWED LATENESS 5ms" : "";
        String where = random.nextInt(4) == 0 ? " WHERE v IS NULL OR v != 3" : "";
        return RuleText.parse("CREATE RULE r FROM t" + sourceExtra + lateness + " PARTITION BY k" + where + " WINDOW "
                + window + " " + pick(random, HAVINGS) + " " + SELECT + " " + emit + " INTO o");
    }

    static List<Input> randomInputs(Random random) {
        List<Input> inputs = new ArrayList<>();
        Map<Integer, Long> offsets = new HashMap<>();
        long watermark = 0;
        long max = 0;
        int n = random.nextInt(45);
        Event previous = null;
        for (int i = 0; i < n; i++) {
            if (random.nextInt(4) == 0) {
                watermark += random.nextInt(11);
                inputs.add(new Input.Wm(watermark));
                continue;
            }
            int partition = random.nextInt(2);
            long offset = offsets.merge(partition, 1L, Long::sum);
            Event e;
            if (previous != null && random.nextInt(6) == 0) {
                // a duplicate: same content, its own offset (a producer retry)
                e = new Event("t", partition, offset, previous.eventTimeMs(), null, previous.fields());
            } else {
                e = new Event("t", partition, offset, watermark - 12 + random.nextInt(33), null, fields(random));
            }
            previous = e;
            max = Math.max(max, e.eventTimeMs());
            inputs.add(new Input.Ev(e));
        }
        inputs.add(new Input.Wm(Math.max(watermark, max) + 100));
        return inputs;
    }

    private static Map<String, Object> fields(Random random) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("k", pick(random, List.of("A", "B", "C")));
        fields.put("v", random.nextInt(7) == 0 ? null : (long) random.nextInt(6));
        fields.put("loc", pick(random, List.of("x", "y", "z")));
        return fields;
    }

    /** Two partitions whose events are each at most lag behind the largest event time before them. */
    private static List<List<Event>> partitionsWithinLag(Random random, long lagMs) {
        List<List<Event>> partitions = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            List<Event> events = new ArrayList<>();
            long base = 0;
            int n = random.nextInt(20);
            for (int i = 0; i < n; i++) {
                base += random.nextInt(4);
                events.add(new Event("t", p, i, base + random.nextInt((int) lagMs + 1), null, fields(random)));
            }
            partitions.add(events);
        }
        return partitions;
    }

    private static <T> T pick(Random random, List<T> from) {
        return from.get(random.nextInt(from.size()));
    }
}
