package io.herald.cep.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.cep.engine.EngineLimits;
import io.herald.cep.engine.Event;
import io.herald.cep.engine.Interleavings;
import io.herald.cep.engine.Output;
import io.herald.cep.plan.Rule;
import io.herald.cep.text.RuleText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.kafka.common.TopicPartition;

/**
 * Crash at a random point, restore from the last checkpoint, replay from its offsets: the restored feed emits exactly
 * the outputs the uninterrupted run emits after that checkpoint, ids and content. For one input partition (late
 * events, duplicates of values) the outputs come in the same order; for several partitions whose events are never late,
 * read again in another interleaving, they are the same outputs (compared sorted by id).
 */
class RuleFeedCheckpointPropertiesTest {
    private static final String TOPIC = "input";

    @Property(tries = 400)
    void onePartitionContinuesExactlyFromTheLastCheckpoint(@ForAll long seed) {
        Random random = new Random(seed);
        Rule rule = RuleText.parse(
                RuleFeedReplayPropertiesTest.RULES.get(random.nextInt(RuleFeedReplayPropertiesTest.RULES.size())));
        List<Event> stream = RuleFeedReplayPropertiesTest.stream(random);

        Crash crash = crashAndRestore(rule, List.of(stream), stream, random);
        List<String> afterRestore = feed(
                crash.restored(), remainder(List.of(stream), crash.restored()).get(0));

        assertThat(afterRestore)
                .as(RuleText.print(rule))
                .containsExactlyElementsOf(crash.uninterruptedAfterCheckpoint());
    }

    @Property(tries = 300)
    void severalPartitionsWithoutLateEventsContinueExactlyInAnyInterleaving(@ForAll long seed) {
        Random random = new Random(seed);
        Rule rule = RuleText.parse(
                RuleFeedReplayPropertiesTest.RULES.get(random.nextInt(RuleFeedReplayPropertiesTest.RULES.size())));
        List<List<Event>> partitions = partitionsNeverLate(random, 1 + random.nextInt(3), 3_000);
        List<Event> arrivals = Interleavings.interleave(partitions, random);

        Crash crash = crashAndRestore(rule, partitions, arrivals, random);
        List<String> afterRestore =
                feed(crash.restored(), Interleavings.interleave(remainder(partitions, crash.restored()), random));

        assertThat(afterRestore.stream().sorted().toList())
                .as(RuleText.print(rule))
                .isEqualTo(
                        crash.uninterruptedAfterCheckpoint().stream().sorted().toList());
        assertThat(afterRestore).noneMatch(o -> o.contains("kind=LATE"));
    }

    /** The feed restored from the last checkpoint before the crash, and what the uninterrupted run emitted after it. */
    private record Crash(RuleFeed restored, List<String> uninterruptedAfterCheckpoint) {}

    /**
     * Runs the arrivals uninterrupted; runs them again, checkpointing after random records, up to a random crash; then
     * restores a new feed from the last checkpoint.
     */
    private static Crash crashAndRestore(Rule rule, List<List<Event>> partitions, List<Event> arrivals, Random random) {
        RuleFeed uninterrupted = started(rule, partitions.size());
        List<String> all = new ArrayList<>();
        int[] outputsBefore = new int[arrivals.size() + 1];
        for (int i = 0; i < arrivals.size(); i++) {
            outputsBefore[i] = all.size();
            all.addAll(texts(uninterrupted.onEvent(arrivals.get(i), 0)));
        }
        outputsBefore[arrivals.size()] = all.size();

        int crashAfter = random.nextInt(arrivals.size() + 1);
        RuleFeed crashing = started(rule, partitions.size());
        byte[] checkpoint = crashing.checkpoint();
        int checkpointAt = 0;
        for (int i = 0; i < crashAfter; i++) {
            crashing.onEvent(arrivals.get(i), 0);
            if (random.nextInt(4) == 0) {
                checkpoint = crashing.checkpoint();
                checkpointAt = i + 1;
            }
        }
        RuleFeed restored = RuleFeed.restore(rule, EngineLimits.DEFAULT, checkpoint, 0);
        assertThat(restored.checkpoint())
                .as("a restored feed checkpoints to the same bytes")
                .isEqualTo(checkpoint);
        return new Crash(restored, all.subList(outputsBefore[checkpointAt], all.size()));
    }

    private static RuleFeed started(Rule rule, int partitions) {
        RuleFeed feed = new RuleFeed(rule, EngineLimits.DEFAULT);
        for (int p = 0; p < partitions; p++) {
            feed.start(new TopicPartition(TOPIC, p), 0, null, 0);
        }
        feed.started(0);
        return feed;
    }

    /** Per partition, the events at and after the restored feed's position. */
    private static List<List<Event>> remainder(List<List<Event>> partitions, RuleFeed restored) {
        Map<TopicPartition, Long> positions = restored.positions();
        List<List<Event>> rest = new ArrayList<>();
        for (int p = 0; p < partitions.size(); p++) {
            long from = positions.get(new TopicPartition(TOPIC, p));
            rest.add(partitions.get(p).stream().filter(e -> e.offset() >= from).toList());
        }
        return rest;
    }

    private static List<String> feed(RuleFeed feed, List<Event> events) {
        List<String> out = new ArrayList<>();
        for (Event e : events) {
            out.addAll(texts(feed.onEvent(e, 0)));
        }
        return out;
    }

    /** Each output as text: id, content, field order and number types all count. */
    private static List<String> texts(List<Output> outputs) {
        return outputs.stream().map(Output::toString).toList();
    }

    /**
     * Partitions whose event times never fall more than the lag behind the largest event time before them in their
     * own partition, so no interleaving makes an event late.
     */
    private static List<List<Event>> partitionsNeverLate(Random random, int count, int lagMs) {
        List<List<Event>> partitions = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            List<Event> events = new ArrayList<>();
            long base = 0;
            int n = random.nextInt(25);
            for (int offset = 0; offset < n; offset++) {
                base += random.nextInt(2_000);
                long ts = base + random.nextInt(lagMs + 1);
                String key = random.nextBoolean() ? "a" : "b";
                Map<String, Object> fields = new HashMap<>();
                fields.put("k", key);
                fields.put("ts", ts);
                fields.put("loc", random.nextBoolean() ? "x" : "y");
                fields.put("v", (long) random.nextInt(10));
                events.add(new Event(TOPIC, p, offset, ts, key, fields));
            }
            partitions.add(events);
        }
        return partitions;
    }
}
