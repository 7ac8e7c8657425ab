package io.herald.cep.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.cep.plan.Rule;
import io.herald.cep.text.RuleText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The pattern NFA against {@link ReferencePatternModel} on random patterns (contiguity, quantifiers, UNTIL, middle
 * NOT, conditions on earlier variables, every skip strategy) over random streams of a small alphabet.
 */
class PatternEnginePropertiesTest {
    private static final List<String> QUANTIFIERS = List.of("", "", "?", "+", "*", "{2,3}", "{2}");
    private static final List<String> CONTIGUITIES = List.of(" -> ", " -> ", ", ", " ->> ");

    @Property(tries = 1500)
    void nfaEqualsReferenceAndDrainsToZero(@ForAll long seed) {
        Random random = new Random(seed);
        Rule rule = randomRule(random);
        List<Event> events = randomEvents(random);
        RuleEngine engine = RuleEngine.create(rule);

        List<Output> out = new ArrayList<>();
        for (Event e : events) {
            out.addAll(engine.onEvent(e));
        }
        long end = events.isEmpty() ? 0 : events.get(events.size() - 1).eventTimeMs();
        out.addAll(engine.onWatermark(end + 1));
        out.addAll(engine.onWatermark(end + 1000));

        assertThat(out)
                .as("%s\n%s", RuleText.print(rule), describe(events))
                .isEqualTo(new ReferencePatternModel(rule).matches("k", events));
        assertThat(engine.stateSize()).as(RuleText.print(rule)).isZero();
    }

    @Property(tries = 400)
    void manyKeysInAnyArrivalOrderWithinTheLagMatchTheReferencePerKey(@ForAll long seed) {
        Random random = new Random(seed);
        Rule rule = RuleText.parse(RuleText.print(randomRule(random))
                .replace("FROM t", "FROM t WATERMARK LAG 5ms")
                .replaceFirst("\nMATCH", "\nPARTITION BY user\nMATCH"));
        List<List<Event>> partitions = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            List<Event> events = new ArrayList<>();
            long base = 0;
            int n = random.nextInt(15);
            for (int i = 0; i < n; i++) {
                base += random.nextInt(3);
                String type = pick(random, List.of("a", "b", "c", "d", "x", "a", "b"));
                events.add(new Event(
                        "t",
                        p,
                        i,
                        base + random.nextInt(6),
                        null,
                        Map.of(
                                "type",
                                type,
                                "w",
                                (long) random.nextInt(4),
                                "user",
                                pick(random, List.of("u1", "u2", "u3")))));
            }
            partitions.add(events);
        }

        List<Output> first = runInterleaved(rule, partitions, new Random(seed + 1));
        List<Output> second = runInterleaved(rule, partitions, new Random(seed + 2));

        List<Event> all = partitions.stream()
                .flatMap(List::stream)
                .sorted(Event.PROCESSING_ORDER)
                .toList();
        List<Output> expected = new ArrayList<>();
        for (String user : List.of("u1", "u2", "u3")) {
            List<Event> ofUser = all.stream()
                    .filter(e -> e.fields().get("user").equals(user))
                    .toList();
            expected.addAll(new ReferencePatternModel(rule).matches(user, ofUser));
        }
        assertThat(sortedById(first)).as(RuleText.print(rule)).isEqualTo(sortedById(expected));
        assertThat(sortedById(second)).isEqualTo(sortedById(first));
    }

    private static List<Output> runInterleaved(Rule rule, List<List<Event>> partitions, Random random) {
        RuleEngine engine = RuleEngine.create(rule);
        WatermarkTracker tracker = new WatermarkTracker(5, 60_000);
        tracker.assign("t", 0, 0);
        tracker.assign("t", 1, 0);
        List<Output> out = new ArrayList<>();
        int[] next = new int[partitions.size()];
        int remaining = partitions.stream().mapToInt(List::size).sum();
        long max = 0;
        while (remaining > 0) {
            int p = random.nextInt(partitions.size());
            if (next[p] < partitions.get(p).size()) {
                Event e = partitions.get(p).get(next[p]++);
                remaining--;
                max = Math.max(max, e.eventTimeMs());
                tracker.onEvent(e.topic(), e.partition(), e.eventTimeMs(), 0);
                out.addAll(engine.onEvent(e));
                out.addAll(engine.onWatermark(tracker.watermarkMs(0)));
            }
        }
        out.addAll(engine.onWatermark(max + 1000));
        assertThat(out).noneMatch(o -> o.kind() == Output.Kind.LATE);
        assertThat(engine.stateSize()).isZero();
        return out;
    }

    private static List<Output> sortedById(List<Output> outputs) {
        return outputs.stream()
                .sorted(java.util.Comparator.comparing(Output::id))
                .toList();
    }

    static Rule randomRule(Random random) {
        List<String> variables = List.of("a", "b", "c");
        int n = 1 + random.nextInt(3);
        StringBuilder steps = new StringBuilder();
        StringBuilder defines = new StringBuilder();
        boolean previousRequired = false;
        String previousVariable = null;
        for (int i = 0; i < n; i++) {
            String v = variables.get(i);
            String contiguity = i == 0 ? "" : pick(random, CONTIGUITIES);
            boolean absent = i > 0 && previousRequired && random.nextInt(4) == 0;
            if (absent) {
                steps.append(contiguity).append("NOT x");
                previousRequired = false;
                continue;
            }
            String q = pick(random, QUANTIFIERS);
            boolean mustBeRequired = i == 0 || steps.toString().endsWith("NOT x");
            if (mustBeRequired && (q.equals("?") || q.equals("*"))) {
                q = "+";
            }
            steps.append(contiguity).append(v).append(q);
            if ((q.equals("+") || q.equals("*") || q.startsWith("{")) && random.nextInt(3) == 0) {
                steps.append(" UNTIL w = 3");
            }
            previousRequired = !(q.equals("?") || q.equals("*"));
            String condition = "type = '" + v + "'";
            if (previousVariable != null && random.nextBoolean()) {
                condition += " AND w >= " + previousVariable + ".w";
            } else if (random.nextInt(3) == 0) {
                condition = "type IN ('" + v + "', 'd')";
            }
            defines.append(defines.length() == 0 ? "" : ", ")
                    .append(v)
                    .append(" AS ")
                    .append(condition);
        }
        if (steps.toString().contains("NOT x")) {
            defines.append(", x AS type = 'x'");
        }
        String skip = pick(
                random,
                List.of(
                        "",
                        " AFTER MATCH NO SKIP",
                        " AFTER MATCH SKIP TO NEXT EVENT",
                        " AFTER MATCH SKIP TO FIRST a",
                        " AFTER MATCH SKIP TO LAST a"));
        String select = "a.w AS aw, w AS last_w" + (n > 1 && !steps.toString().contains("NOT x") ? ", b.w AS bw" : "");
        return RuleText.parse("CREATE RULE p FROM t MATCH PATTERN (" + steps + ") WITHIN " + (4 + random.nextInt(12))
                + "ms DEFINE " + defines + skip + " SELECT " + select + " INTO o");
    }

    private static List<Event> randomEvents(Random random) {
        List<Event> events = new ArrayList<>();
        int n = random.nextInt(13);
        long t = 0;
        for (int i = 0; i < n; i++) {
            t += random.nextInt(3);
            String type = pick(random, List.of("a", "b", "c", "d", "x", "a", "b"));
            events.add(new Event("t", 0, i, t, "k", Map.of("type", type, "w", (long) random.nextInt(4))));
        }
        return events;
    }

    private static String describe(List<Event> events) {
        return events.stream()
                .map(e -> e.fields().get("type") + "" + e.fields().get("w") + "@" + e.eventTimeMs())
                .toList()
                .toString();
    }

    private static <T> T pick(Random random, List<T> from) {
        return from.get(random.nextInt(from.size()));
    }
}
