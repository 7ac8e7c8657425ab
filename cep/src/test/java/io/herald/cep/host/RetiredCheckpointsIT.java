package io.herald.cep.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.cep.runner.RunnerSettings;
import io.herald.cep.runner.StartPoint;
import io.herald.testkit.HeraldExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A dropped rule's checkpoints, and a replaced version's, end with tombstones in the checkpoint topic once the host's
 * runner stopped; other rules' checkpoints stay. The topic is read with a real consumer from its beginning: the last
 * record of each key is what compaction keeps. Each test has its own checkpoint topic, checkpoints every 200 ms.
 */
@Timeout(120)
class RetiredCheckpointsIT {
    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    @Test
    void aDroppedRulesCheckpointKeysAllEndWithATombstoneAndAnotherRulesKeepTheirValues() throws Exception {
        String checkpoints = "ckpt_drop";
        herald.herald().createTopic("gone_in", 1);
        herald.herald().createTopic("kept_in", 1);
        try (HostedRules host = host(checkpoints)) {
            host.deploy("CREATE RULE gone FROM gone_in SELECT * INTO gone_out", StartPoint.EARLIEST, "it");
            host.deploy("CREATE RULE kept FROM kept_in SELECT * INTO kept_out", StartPoint.EARLIEST, "it");
            produce("gone_in", 5);
            produce("kept_in", 5);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> !valuesOf(latest(checkpoints), "herald-cep.gone.v1/")
                                    .isEmpty()
                            && !valuesOf(latest(checkpoints), "herald-cep.kept.v1/")
                                    .isEmpty());

            host.drop("gone");

            Map<String, byte[]> after = latest(checkpoints);
            Map<String, byte[]> gone = keysOf(after, "herald-cep.gone.v1/");
            assertThat(gone).isNotEmpty();
            assertThat(gone.values()).allMatch(value -> value == null);
            Map<String, byte[]> kept = keysOf(after, "herald-cep.kept.v1/");
            assertThat(kept).isNotEmpty();
            assertThat(kept.values()).allMatch(value -> value != null);
            host.drop("kept");
        }
    }

    @Test
    void aNewVersionTombstonesTheOldVersionsCheckpointsOnly() throws Exception {
        String checkpoints = "ckpt_version";
        herald.herald().createTopic("versioned_in", 1);
        try (HostedRules host = host(checkpoints)) {
            host.deploy(
                    "CREATE RULE versioned FROM versioned_in SELECT * INTO versioned_out", StartPoint.EARLIEST, "it");
            produce("versioned_in", 5);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> !valuesOf(latest(checkpoints), "herald-cep.versioned.v1/")
                            .isEmpty());

            host.deploy(
                    "CREATE RULE versioned FROM versioned_in WHERE n > 1 SELECT * INTO versioned_out",
                    StartPoint.EARLIEST,
                    "it");

            Map<String, byte[]> v1 = keysOf(latest(checkpoints), "herald-cep.versioned.v1/");
            assertThat(v1).isNotEmpty();
            assertThat(v1.values()).allMatch(value -> value == null);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> !valuesOf(latest(checkpoints), "herald-cep.versioned.v2/")
                            .isEmpty());
            host.drop("versioned");
        }
    }

    @Test
    void aRuleDroppedThroughOneOfTwoHostsLeavesNoCheckpointOfEitherHostsAssignment() throws Exception {
        String checkpoints = "ckpt_two_hosts";
        herald.herald().createTopic("pair_in", 2);
        try (HostedRules writer = host(checkpoints);
                HostedRules other = host(checkpoints)) {
            writer.deploy("CREATE RULE pair FROM pair_in SELECT * INTO pair_out", StartPoint.EARLIEST, "it");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                    herald.herald().producerProperties(), new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>("pair_in", i % 2, "k" + i, "{\"n\":" + i + "}"))
                            .get();
                }
            }
            // one commit record per host's assignment (pair_in-0, pair_in-1), each while the hosts share the group
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> valuesOf(latest(checkpoints), "herald-cep.pair.v1/").stream()
                                    .filter(key -> !key.contains("/slot"))
                                    .count()
                            >= 2);

            writer.drop("pair");
            // the other host applies records in order: once it has this one, it has deleted after its own runner
            writer.deploy("CREATE RULE pair_marker FROM pair_in SELECT * INTO pair_marker_out", StartPoint.NOW, "it");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> other.describe("pair_marker").isPresent());

            Map<String, byte[]> pair = keysOf(latest(checkpoints), "herald-cep.pair.v1/");
            assertThat(pair.keySet())
                    .anyMatch(key -> key.endsWith("pair_in-0"))
                    .anyMatch(key -> key.endsWith("pair_in-1"));
            assertThat(pair.values()).allMatch(value -> value == null);
            writer.drop("pair_marker");
        }
    }

    @Test
    void aHostStartingAfterADropNeverRunsTheDroppedRule() throws Exception {
        herald.herald().createTopic("replayed_in", 1);
        produce("replayed_in", 5);
        try (HostedRules earlier = host("ckpt_replay_earlier")) {
            earlier.deploy(
                    "CREATE RULE replayed FROM replayed_in SELECT * INTO replayed_out", StartPoint.EARLIEST, "it");
            // rules deployed between its deploy and its drop: a replay that started it would run it meanwhile
            for (int i = 0; i < 3; i++) {
                earlier.deploy(
                        "CREATE RULE between" + i + " FROM replayed_in SELECT * INTO between_out",
                        StartPoint.EARLIEST,
                        "it");
            }
            earlier.drop("replayed");
        }
        String checkpoints = "ckpt_replay_later";
        try (HostedRules later = host(checkpoints);
                Admin admin = Admin.create(herald.herald().adminProperties())) {
            // a live rule's checkpoint in the later host's topic: its runners run and have had time to write
            later.deploy(
                    "CREATE RULE replay_marker FROM replayed_in SELECT * INTO replay_marker_out",
                    StartPoint.EARLIEST,
                    "it");
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> !valuesOf(latest(checkpoints), "herald-cep.replay_marker.v1/")
                            .isEmpty());

            // the rules topic holds the deploy and the drop of "replayed": the replay must not run it in between
            assertThat(keysOf(latest(checkpoints), "herald-cep.replayed.")).isEmpty();
            assertThat(admin.listGroups().all().get())
                    .as("the dropped rule's group, deleted by the drop, is never joined again")
                    .noneMatch(group -> group.groupId().equals("herald-cep.replayed.v1"));
            for (int i = 0; i < 3; i++) later.drop("between" + i);
            later.drop("replay_marker");
        }
    }

    private static HostedRules host(String checkpointTopic) {
        RunnerSettings settings =
                RunnerSettings.of(herald.bootstrapServers()).withCheckpoints(checkpointTopic, Duration.ofMillis(200));
        return HostedRules.start(settings, Clock.systemUTC());
    }

    private static void produce(String topic, int count) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                herald.herald().producerProperties(), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k" + i, "{\"n\":" + i + "}"))
                        .get();
            }
        }
    }

    /** The keys under {@code prefix} with their last value (null: a tombstone). */
    private static Map<String, byte[]> keysOf(Map<String, byte[]> latest, String prefix) {
        Map<String, byte[]> keys = new HashMap<>();
        latest.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                keys.put(key, value);
            }
        });
        return keys;
    }

    /** The keys under {@code prefix} whose last record holds a value. */
    private static List<String> valuesOf(Map<String, byte[]> latest, String prefix) {
        return keysOf(latest, prefix).entrySet().stream()
                .filter(e -> e.getValue() != null)
                .map(Map.Entry::getKey)
                .collect(Collectors.toList());
    }

    /** Every key of the topic with the value of its last record, read from the beginning to the end offset. */
    private static Map<String, byte[]> latest(String topic) {
        Properties p = new Properties();
        p.putAll(herald.herald().consumerProperties());
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        TopicPartition partition = new TopicPartition(topic, 0);
        Map<String, byte[]> latest = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    latest.put(record.key(), record.value());
                }
            }
        }
        return latest;
    }
}
