package io.herald.cep.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.cep.engine.EngineLimits;
import io.herald.cep.engine.Event;
import io.herald.cep.engine.Output;
import io.herald.cep.plan.Rule;
import io.herald.cep.text.RuleText;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Crash and replay at a random point of a one-partition input: a runner that stops after any record and restarts
 * from its replay point (offset and metadata, as committed) emits only outputs the uninterrupted run emits (same id,
 * same content), and together the two runs emit every output of the uninterrupted run. Streams have few keys, disorder
 * beyond the lag and the lateness (late events), and duplicates of values.
 */
class RuleFeedReplayPropertiesTest {
    static final List<String> RULES = List.of(
            "CREATE RULE r FROM input EVENT TIME ts WATERMARK LAG 3s ALLOWED LATENESS 2s PARTITION BY k WINDOW RANGE 10s"
                    + " HAVING count(*) >= 3 AND count(DISTINCT loc) >= 2 SELECT k, count(*) AS n"
                    + " EMIT ON MATCH SUPPRESS 5s INTO out",
            "CREATE RULE r FROM input EVENT TIME ts WATERMARK LAG 3s ALLOWED LATENESS 2s PARTITION BY k WINDOW TUMBLING 10s"
                    + " SELECT k, count(*) AS n, sum(v) AS total INTO out",
            "CREATE RULE r FROM input EVENT TIME ts WATERMARK LAG 3s ALLOWED LATENESS 4s PARTITION BY k"
                    + " WINDOW SESSION GAP 4s SELECT k, count(*) AS n, max(v) AS top EMIT CHANGES INTO out",
            "CREATE RULE r FROM input EVENT TIME ts WATERMARK LAG 3s PARTITION BY k MATCH PATTERN (a -> b) WITHIN 10s"
                    + " DEFINE a AS loc = 'x', b AS loc = 'y' SELECT a.v AS first, b.v AS second INTO out",
            "CREATE RULE r FROM input WHERE v > 4 SELECT k, v INTO out");

    private static final TopicPartition PARTITION = new TopicPartition("input", 0);

    @Property(tries = 1000)
    void aReplayFromTheReplayPointEmitsNoNewOutputAndMissesNone(@ForAll long seed) {
        Random random = new Random(seed);
        Rule rule = RuleText.parse(RULES.get(random.nextInt(RULES.size())));
        List<Event> stream = stream(random);
        int crashAfter = random.nextInt(stream.size() + 1);

        List<Output> uninterrupted = run(rule, stream, 0, stream.size(), null).outputs();
        Run beforeCrash = run(rule, stream, 0, crashAfter, null);
        OffsetAndMetadata point = beforeCrash.replayPoint().get(PARTITION);
        assertThat(point.offset()).isBetween(0L, (long) crashAfter);
        List<Output> afterRestart =
                run(rule, stream, (int) point.offset(), stream.size(), point).outputs();

        assertThat(uninterrupted).containsAll(afterRestart);
        Set<String> ids = new HashSet<>();
        beforeCrash.outputs().forEach(o -> ids.add(o.id()));
        afterRestart.forEach(o -> ids.add(o.id()));
        assertThat(ids)
                .isEqualTo(new HashSet<>(uninterrupted.stream().map(Output::id).toList()));
    }

    private record Run(List<Output> outputs, Map<TopicPartition, OffsetAndMetadata> replayPoint) {}

    /** Feeds the events at offsets [from, to) to a new feed started at {@code from} with {@code committed}. */
    private static Run run(Rule rule, List<Event> stream, int from, int to, OffsetAndMetadata committed) {
        RuleFeed feed = new RuleFeed(rule, EngineLimits.DEFAULT);
        feed.start(PARTITION, from, committed, 0);
        feed.started(0);
        List<Output> out = new ArrayList<>();
        for (Event event : stream.subList(from, to)) {
            out.addAll(feed.onEvent(event, 0));
        }
        return new Run(out, feed.replayPoint());
    }

    static List<Event> stream(Random random) {
        List<Event> events = new ArrayList<>();
        long clockMs = 0;
        int n = 1 + random.nextInt(40);
        for (int offset = 0; offset < n; offset++) {
            clockMs += random.nextInt(3_000);
            // mostly in order; sometimes behind by more than lag plus lateness
            long ts = clockMs - (random.nextInt(4) == 0 ? random.nextInt(9_000) : 0);
            String key = random.nextBoolean() ? "a" : "b";
            Map<String, Object> fields =
                    Map.of("k", key, "ts", ts, "loc", random.nextBoolean() ? "x" : "y", "v", (long) random.nextInt(10));
            events.add(new Event("input", 0, offset, ts, key, fields));
        }
        return events;
    }
}
