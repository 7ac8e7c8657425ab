package io.herald.cep.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.cep.engine.WindowEnginePropertiesTest.Input;
import io.herald.cep.plan.Rule;
import io.herald.cep.text.RuleText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Snapshot and restore continue an engine exactly: on random rules of every kind (tumbling, hopping, session and RANGE
 * windows in every EMIT mode with SUPPRESS, CHANGES with retractions; patterns with every contiguity, quantifiers,
 * NOT, WITHIN, UNTIL and skip strategy, with and without SUPPRESS; filters) and random streams (late events,
 * duplicates, watermark jumps, several keys, key and partial-match caps that overflow and evict), a run that is
 * snapshotted at random points and continued each time in a new engine restored from the bytes gives the same
 * outputs, ids and content in order, as the uninterrupted run; and restoring then snapshotting again gives the same
 * bytes.
 */
class EngineSnapshotPropertiesTest {

    @Property(tries = 500)
    void windowRulesContinueExactlyFromASnapshot(@ForAll long seed) {
        Random random = new Random(seed);
        Rule rule = WindowEnginePropertiesTest.randomRule(random, "");
        List<Input> inputs = WindowEnginePropertiesTest.randomInputs(random);

        checkSnapshotsContinueExactly(rule, limits(random), inputs, random);
    }

    @Property(tries = 800)
    void patternRulesContinueExactlyFromASnapshot(@ForAll long seed) {
        Random random = new Random(seed);
        String text = RuleText.print(PatternEnginePropertiesTest.randomRule(random))
                .replaceFirst("\nMATCH", "\nPARTITION BY user\nMATCH");
        if (random.nextInt(3) == 0) {
            text = text.replace("\nINTO ", "\nEMIT ON MATCH SUPPRESS " + (1 + random.nextInt(8)) + "ms\nINTO ");
        }
        Rule rule = RuleText.parse(text);

        checkSnapshotsContinueExactly(rule, limits(random), patternInputs(random), random);
    }

    @Property(tries = 100)
    void filterRulesContinueExactlyFromASnapshot(@ForAll long seed) {
        Random random = new Random(seed);
        Rule rule = RuleText.parse("CREATE RULE f FROM t WHERE v > 2 SELECT k, v * 2 AS v2 INTO o");

        checkSnapshotsContinueExactly(
                rule, EngineLimits.DEFAULT, WindowEnginePropertiesTest.randomInputs(random), random);
    }

    private static void checkSnapshotsContinueExactly(
            Rule rule, EngineLimits limits, List<Input> inputs, Random random) {
        List<String> uninterrupted = run(RuleEngine.create(rule, limits), inputs);

        TreeSet<Integer> cuts = new TreeSet<>();
        int snapshots = 1 + random.nextInt(3);
        for (int i = 0; i < snapshots; i++) {
            cuts.add(random.nextInt(inputs.size() + 1));
        }
        RuleEngine engine = RuleEngine.create(rule, limits);
        List<String> resumed = new ArrayList<>();
        int at = 0;
        for (int cut : cuts) {
            resumed.addAll(run(engine, inputs.subList(at, cut)));
            at = cut;
            byte[] snapshot = engine.snapshot();
            EngineCounters before = engine.counters();
            long stateBefore = engine.stateSize();
            engine = RuleEngine.restore(rule, limits, snapshot);
            assertThat(engine.snapshot()).as("snapshot of a restored engine").isEqualTo(snapshot);
            assertThat(engine.counters()).isEqualTo(before);
            assertThat(engine.stateSize()).isEqualTo(stateBefore);
        }
        resumed.addAll(run(engine, inputs.subList(at, inputs.size())));

        assertThat(resumed)
                .as("%s\ncut at %s of %s inputs", RuleText.print(rule), cuts, inputs.size())
                .containsExactlyElementsOf(uninterrupted);
        assertThat(engine.stateSize()).isZero();
    }

    /** Feeds the inputs; each output as text, so field order and number types count too. */
    private static List<String> run(RuleEngine engine, List<Input> inputs) {
        List<String> out = new ArrayList<>();
        for (Input input : inputs) {
            List<Output> outputs = switch (input) {
                case Input.Ev ev -> engine.onEvent(ev.event());
                case Input.Wm wm -> engine.onWatermark(wm.watermarkMs());
            };
            outputs.forEach(o -> out.add(o.toString()));
        }
        return out;
    }

    /** Mostly the defaults; sometimes caps small enough to overflow keys and evict partial matches. */
    private static EngineLimits limits(Random random) {
        return random.nextInt(4) == 0
                ? new EngineLimits(1 + random.nextInt(3), 1 + random.nextInt(4))
                : EngineLimits.DEFAULT;
    }

    /** Three users, a small alphabet, watermark ticks, some late events and duplicates; a final watermark drains. */
    private static List<Input> patternInputs(Random random) {
        List<Input> inputs = new ArrayList<>();
        long t = 0;
        long watermark = Long.MIN_VALUE;
        int n = random.nextInt(30);
        Event previous = null;
        for (int i = 0; i < n; i++) {
            if (random.nextInt(5) == 0) {
                watermark = Math.max(watermark, t - random.nextInt(4));
                inputs.add(new Input.Wm(watermark));
                continue;
            }
            t += random.nextInt(3);
            long time = random.nextInt(8) == 0 ? t - 5 : t; // sometimes late
            Event e;
            if (previous != null && random.nextInt(8) == 0) {
                e = new Event("t", random.nextInt(2), i, previous.eventTimeMs(), null, previous.fields());
            } else {
                Map<String, Object> fields = new HashMap<>();
                fields.put("type", pick(random, List.of("a", "b", "c", "d", "x", "a", "b")));
                fields.put("w", (long) random.nextInt(4));
                fields.put("user", pick(random, List.of("u1", "u2", "u3")));
                e = new Event("t", random.nextInt(2), i, time, null, fields);
            }
            previous = e;
            inputs.add(new Input.Ev(e));
        }
        inputs.add(new Input.Wm(t + 1));
        inputs.add(new Input.Wm(t + 1000));
        return inputs;
    }

    private static <T> T pick(Random random, List<T> from) {
        return from.get(random.nextInt(from.size()));
    }
}
