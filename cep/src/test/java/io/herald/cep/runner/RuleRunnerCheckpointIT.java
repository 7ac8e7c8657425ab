package io.herald.cep.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.cep.engine.EngineLimits;
import io.herald.cep.engine.Event;
import io.herald.cep.engine.Output;
import io.herald.cep.plan.Rule;
import io.herald.cep.text.RuleText;
import io.herald.testkit.HeraldExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Checkpoints against an embedded Herald broker. The rule is a RANGE window over one user's continuous purchases, so
 * its state is never empty and the stateless replay point (the committed offset) stays at the start of the input: a
 * restart without a checkpoint would emit every output again. Each test has its own rule, topics and checkpoint topic;
 * the checkpoint interval is an hour, so the only checkpoints are the ones taken at close, and the expected output is
 * exact: an uninterrupted run of the same records through a {@link RuleFeed}.
 */
@Timeout(120)
class RuleRunnerCheckpointIT {
    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    private static final long T0 = 1_700_000_000_000L;
    private static final int EVENTS = 60;

    private static Rule rule(String name) {
        return RuleText.parse("""
                CREATE RULE %s
                FROM %s_in EVENT TIME ts WATERMARK LAG 1s
                PARTITION BY user_id
                WINDOW RANGE 10s
                HAVING count(*) >= 3
                SELECT user_id, count(*) AS n, sum(amount) AS total
                INTO %s_out
                """.formatted(name, name, name));
    }

    private static String purchase(int i) {
        return "{\"user_id\":\"u\",\"ts\":%d,\"amount\":%d}".formatted(T0 + 1_000L * i, i % 7);
    }

    @Test
    void restartContinuesFromTheCheckpointTakenAtCloseWithNoRepeatedOutput() throws Exception {
        String name = "ckpt_restart";
        Rule rule = rule(name);
        herald.herald().createTopic(name + "_in", 1);
        List<String> uninterrupted = uninterrupted(rule);

        runOver(rule, 0, 30);
        assertThat(committedOffset(rule))
                .as("the stateless replay point stays at the start")
                .isZero();
        runOver(rule, 30, EVENTS);

        assertThat(outputs(rule)).containsExactlyElementsOf(uninterrupted);
    }

    @Test
    void aCheckpointWhoseCommitRecordIsMissingIsIgnored() throws Exception {
        String name = "ckpt_torn";
        Rule rule = rule(name);
        herald.herald().createTopic(name + "_in", 1);
        List<String> uninterrupted = uninterrupted(rule);

        runOver(rule, 0, 30); // checkpoint epoch 0, slot 0
        String commitKey = commitKey(rule);
        List<ProducerRecord<String, byte[]>> torn = CheckpointRecords.records(
                checkpointTopic(rule), commitKey, 1, "half a checkpoint".getBytes(StandardCharsets.UTF_8));
        writeRaw(torn.subList(0, torn.size() - 1)); // epoch 1's chunks in slot 1, its commit record never written
        runOver(rule, 30, EVENTS);

        assertThat(outputs(rule)).containsExactlyElementsOf(uninterrupted);
    }

    @Test
    void aChunkOfAnotherEpochInTheCommittedSlotFallsBackToThePreviousSlot() throws Exception {
        String name = "ckpt_epoch";
        Rule rule = rule(name);
        herald.herald().createTopic(name + "_in", 1);
        List<String> uninterrupted = uninterrupted(rule);
        int afterFirst = uninterruptedOutputsAfter(rule, 20);
        int afterSecond = uninterruptedOutputsAfter(rule, 40);

        runOver(rule, 0, 20); // epoch 0, slot 0
        runOver(rule, 20, 40); // restores epoch 0, writes epoch 1 to slot 1
        ProducerRecord<String, byte[]> stray = CheckpointRecords.records(
                        checkpointTopic(rule), commitKey(rule), 7, new byte[] {1, 2, 3})
                .get(0); // epoch 7 goes to slot 1: chunk 0 of the committed slot now has another epoch
        writeRaw(List.of(stray));
        runOver(rule, 40, EVENTS); // restores epoch 0 from slot 0: the outputs of records 20..39 come again

        List<String> expected = new ArrayList<>(uninterrupted.subList(0, afterSecond));
        expected.addAll(uninterrupted.subList(afterFirst, uninterrupted.size()));
        assertThat(outputs(rule)).containsExactlyElementsOf(expected);
    }

    @Test
    void aCheckpointLeftByADeletedGroupIsIgnored() throws Exception {
        String name = "ckpt_dropped";
        Rule rule = rule(name);
        herald.herald().createTopic(name + "_in", 1);
        List<String> uninterrupted = uninterrupted(rule);

        runOver(rule, 0, 30);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", herald.bootstrapServers()))) {
            admin.deleteConsumerGroups(List.of(RuleRunner.groupId(rule))).all().get(); // as a dropped rule's is
        }
        runOver(rule, 30, EVENTS); // a fresh start from the beginning: every output once more

        List<String> expected = new ArrayList<>(feedAll(rule, 30));
        expected.addAll(uninterrupted);
        assertThat(outputs(rule)).containsExactlyElementsOf(expected);
    }

    @Test
    void aRunningRunnerWritesACheckpointEveryInterval() throws Exception {
        String name = "ckpt_periodic";
        Rule rule = rule(name);
        String input = name + "_in";
        herald.herald().createTopic(input, 1);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(herald.herald().producerProperties())) {
            for (int i = 0; i < 30; i++) {
                producer.send(new ProducerRecord<>(input, 0, "u", purchase(i))).get();
            }
        }
        RunnerSettings settings = RunnerSettings.of(herald.bootstrapServers())
                .withCheckpoints(checkpointTopic(rule), Duration.ofMillis(200));
        CheckpointTopic checkpoints = new CheckpointTopic(settings, "test");

        RuleRunner runner = RuleRunner.start(rule, settings);
        try {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                CheckpointRecords.Found found = checkpoints.read(commitKey(rule));
                assertThat(found.stored()).isPresent();
                RuleFeed restored = RuleFeed.restore(
                        rule, EngineLimits.DEFAULT, found.stored().get().checkpoint(), 0);
                assertThat(restored.positions()).containsEntry(new TopicPartition(input, 0), 30L);
                assertThat(runner.stats().outputsAcknowledged())
                        .isEqualTo(runner.stats().outputsSent());
            });
            assertThat(runner.done()).isNotDone(); // taken while running, not by close
        } finally {
            runner.close();
        }
    }

    /** Produces records [from, to) of the input, runs the rule until it has handled them, and closes it. */
    private static void runOver(Rule rule, int from, int to) throws Exception {
        String input = rule.source().topics().get(0);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(herald.herald().producerProperties())) {
            for (int i = from; i < to; i++) {
                producer.send(new ProducerRecord<>(input, 0, "u", purchase(i))).get();
            }
        }
        RuleRunner runner = RuleRunner.start(rule, settings(rule));
        TopicPartition partition = new TopicPartition(input, 0);
        try {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(runner.done()).isNotCompletedExceptionally();
                RunnerStats stats = runner.stats();
                assertThat(stats.positions().getOrDefault(partition, -1L)).isEqualTo((long) to);
                assertThat(stats.outputsAcknowledged()).isEqualTo(stats.outputsSent());
            });
        } finally {
            runner.close();
        }
        assertThat(runner.done()).isCompleted().isNotCompletedExceptionally();
    }

    private static RunnerSettings settings(Rule rule) {
        return RunnerSettings.of(herald.bootstrapServers()).withCheckpoints(checkpointTopic(rule), Duration.ofHours(1));
    }

    private static String checkpointTopic(Rule rule) {
        return "_ckpt_" + rule.name();
    }

    private static String commitKey(Rule rule) {
        return CheckpointRecords.commitKey(
                RuleRunner.groupId(rule),
                List.of(new TopicPartition(rule.source().topics().get(0), 0)));
    }

    /** The outputs of an uninterrupted run over all records, as ce_id and JSON value. */
    private static List<String> uninterrupted(Rule rule) {
        return feedAll(rule, EVENTS);
    }

    private static int uninterruptedOutputsAfter(Rule rule, int records) {
        return feedAll(rule, records).size();
    }

    private static List<String> feedAll(Rule rule, int records) {
        String input = rule.source().topics().get(0);
        RuleFeed feed = new RuleFeed(rule, EngineLimits.DEFAULT);
        feed.start(new TopicPartition(input, 0), 0, null, 0);
        feed.started(0);
        JsonEvents json = new JsonEvents();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            Map<String, Object> fields = new HashMap<>();
            fields.put("user_id", "u");
            fields.put("ts", T0 + 1_000L * i);
            fields.put("amount", (long) (i % 7));
            for (Output o : feed.onEvent(new Event(input, 0, i, T0 + 1_000L * i, "u", fields), 0)) {
                out.add(o.id() + " " + new String(json.write(o.fields()), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** Every record of the rule's INTO topic, as ce_id and JSON value. */
    private static List<String> outputs(Rule rule) {
        Map<String, Object> props = herald.herald().consumerProperties();
        TopicPartition partition = new TopicPartition(rule.into(), 0);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            List<String> records = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    String id = new String(r.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8);
                    records.add(id + " " + r.value());
                }
                return consumer.position(partition) >= end;
            });
            return records;
        }
    }

    /** The group's committed offset of the input, 0 when none is (the replay point never left the start). */
    private static long committedOffset(Rule rule) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", herald.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(RuleRunner.groupId(rule))
                    .partitionsToOffsetAndMetadata()
                    .get();
            OffsetAndMetadata offset =
                    committed.get(new TopicPartition(rule.source().topics().get(0), 0));
            return offset == null ? 0 : offset.offset(); // none committed: a restart reads from the start
        }
    }

    private static void writeRaw(List<ProducerRecord<String, byte[]>> records) throws Exception {
        Map<String, Object> props = new HashMap<>(herald.herald().producerProperties());
        props.put("value.serializer", ByteArraySerializer.class.getName());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            for (ProducerRecord<String, byte[]> r : records) {
                producer.send(r).get();
            }
        }
    }
}
