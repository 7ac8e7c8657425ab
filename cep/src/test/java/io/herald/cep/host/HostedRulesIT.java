package io.herald.cep.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.cep.runner.RunnerSettings;
import io.herald.cep.runner.RunnerStats;
import io.herald.cep.runner.StartPoint;
import io.herald.testkit.HeraldExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hosts of one rules topic against an embedded Herald broker (any Kafka cluster would do: only kafka-clients): a rule
 * deployed through one host runs on every host, its partitions shared through its version's consumer group; a host
 * started later replays the topic; a pause written by one host stops the runners of all.
 */
@Timeout(120)
class HostedRulesIT {
    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    private static HostedRules host() {
        return HostedRules.start(RunnerSettings.of(herald.bootstrapServers()), Clock.systemUTC());
    }

    private static RunnerStats stats(HostedRules host, String rule) {
        return host.describe(rule).flatMap(RuleStatus::stats).orElse(new RunnerStats(0, 0, 0, Map.of()));
    }

    @Test
    void twoHostsShareTheInputPartitionsOfARuleDeployedThroughOne() throws Exception {
        herald.herald().createTopic("shared_in", 2);
        try (HostedRules first = host();
                HostedRules second = host()) {
            first.deploy("CREATE RULE shared FROM shared_in SELECT * INTO shared_out", StartPoint.EARLIEST, "it");
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> stats(first, "shared").positions().size() == 1
                            && stats(second, "shared").positions().size() == 1);

            try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                    herald.herald().producerProperties(), new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>("shared_in", i % 2, "k" + i, "{\"n\":" + i + "}"))
                            .get();
                }
            }
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> stats(first, "shared").recordsRead() == 5
                            && stats(second, "shared").recordsRead() == 5);

            Set<String> rows = new TreeSet<>();
            readAll("shared_out").forEach(r -> rows.add(r.value()));
            assertThat(rows).hasSize(10).contains("{\"n\":0}", "{\"n\":9}");
            first.drop("shared");
        }
    }

    @Test
    void aHostStartedLaterReplaysTheTopicAndAPauseThroughOneHostStopsTheOther() {
        try (HostedRules writer = host()) {
            writer.deploy("CREATE RULE replayed FROM replayed_in SELECT * INTO replayed_out", StartPoint.NOW, "it");
            try (HostedRules later = host()) {
                assertThat(later.describe("replayed")).hasValueSatisfying(status -> {
                    assertThat(status.rule().version()).isEqualTo(1);
                    assertThat(status.runningHere()).isTrue();
                });

                writer.pause("replayed");

                await().atMost(Duration.ofSeconds(30))
                        .until(() -> !later.describe("replayed").orElseThrow().runningHere());
                assertThat(later.describe("replayed").orElseThrow().rule().state())
                        .isEqualTo(RuleState.PAUSED);
            }
            writer.drop("replayed");
        }
    }

    @Test
    void aDroppedRuleLeavesTheCatalogOfEveryHost() {
        try (HostedRules writer = host();
                HostedRules other = host()) {
            writer.deploy("CREATE RULE dropped FROM dropped_in SELECT * INTO dropped_out", StartPoint.NOW, "it");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> other.describe("dropped").isPresent());

            writer.drop("dropped");

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> other.describe("dropped").isEmpty());
            assertThat(writer.list()).extracting(s -> s.rule().name()).doesNotContain("dropped");
        }
    }

    @Test
    void aRuleWhoseRunnerCannotStartIsDeployedAndReportsWhy() {
        try (HostedRules host = host()) {
            host.deploy("CREATE RULE failing FROM failing_in SELECT * INTO `no spaces allowed`", StartPoint.NOW, "it");

            RuleStatus status = host.describe("failing").orElseThrow();

            assertThat(status.runningHere()).isFalse();
            assertThat(status.stats()).isEmpty();
            assertThat(status.failure())
                    .hasValueSatisfying(reason -> assertThat(reason).contains("no spaces allowed"));
            host.drop("failing");
        }
    }

    /** Quick restarts, so that a test sees several failed attempts within seconds. */
    private static final RestartBackoff QUICK =
            new RestartBackoff(Duration.ofMillis(200), Duration.ofSeconds(1), 0.2, Duration.ofMinutes(1));

    private static long rulesTopicEnd() {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                herald.herald().consumerProperties(), new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(HostedRules.TOPIC, 0);
            return consumer.endOffsets(List.of(partition)).get(partition);
        }
    }

    @Test
    void aRunnerThatCouldNotStartStartsByItselfOnceTheCauseIsGone() throws Exception {
        // healing.late collides with healing_late ('.' and '_' are the same in metric names): the cluster refuses it
        herald.herald().createTopic("healing_late", 1);
        try (HostedRules host =
                HostedRules.start(RunnerSettings.of(herald.bootstrapServers()), Clock.systemUTC(), QUICK)) {
            host.deploy("CREATE RULE healing FROM healing_in SELECT * INTO healing_out", StartPoint.EARLIEST, "it");
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> host.describe("healing").orElseThrow().failedAttempts() >= 3);
            RuleStatus failing = host.describe("healing").orElseThrow();
            long rulesRecords = rulesTopicEnd();

            try (Admin admin = Admin.create(herald.herald().adminProperties())) {
                admin.deleteTopics(List.of("healing_late")).all().get();
            }
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> host.describe("healing").orElseThrow().runningHere());
            send("healing_in", "{\"n\":1}");

            assertThat(failing.runningHere()).isFalse();
            assertThat(failing.failure())
                    .hasValueSatisfying(reason -> assertThat(reason).contains("healing_late"));
            assertThat(failing.nextRestartAt()).isPresent();
            RuleStatus healed = host.describe("healing").orElseThrow();
            assertThat(healed.failure()).isEmpty();
            assertThat(healed.nextRestartAt()).isEmpty();
            assertThat(healed.failedAttempts()).isGreaterThanOrEqualTo(3); // up again after that many failed starts
            assertThat(healed.rule().version()).isEqualTo(1);
            assertThat(rulesTopicEnd()).as("records in the rules topic").isEqualTo(rulesRecords);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> readAll("healing_out").size() == 1);
            host.drop("healing");
        }
    }

    @Test
    void aRunnerThatFailsWhileRunningIsRestartedUntilItsOutputCanBeWritten() throws Exception {
        try (Admin admin = Admin.create(herald.herald().adminProperties())) {
            admin.createTopics(List.of(new NewTopic("small_out", Optional.of(1), Optional.empty())
                            .configs(Map.of("max.message.bytes", "300"))))
                    .all()
                    .get();
        }
        String big = "{\"text\":\"" + "x".repeat(1_000) + "\"}";
        send("small_in", big); // its output is larger than small_out takes: the runner fails, its input uncommitted
        try (HostedRules host =
                HostedRules.start(RunnerSettings.of(herald.bootstrapServers()), Clock.systemUTC(), QUICK)) {
            host.deploy("CREATE RULE small FROM small_in SELECT * INTO small_out", StartPoint.EARLIEST, "it");
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> host.describe("small").orElseThrow().failedAttempts() >= 2);
            RuleStatus failing = host.describe("small").orElseThrow();

            try (Admin admin = Admin.create(herald.herald().adminProperties())) {
                ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "small_out");
                admin.incrementalAlterConfigs(Map.of(
                                topic,
                                List.of(new AlterConfigOp(
                                        new ConfigEntry("max.message.bytes", "1048588"), AlterConfigOp.OpType.SET))))
                        .all()
                        .get();
            }
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> readAll("small_out").size() == 1);

            assertThat(failing.failure())
                    .hasValueSatisfying(reason -> assertThat(reason).contains("could not be written"));
            assertThat(readAll("small_out"))
                    .singleElement()
                    .satisfies(r -> assertThat(r.value()).isEqualTo(big));
            assertThat(host.describe("small").orElseThrow().runningHere()).isTrue();
            host.drop("small");
        }
    }

    private static void send(String topic, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                herald.herald().producerProperties(), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", value)).get();
        }
    }

    private static List<ConsumerRecord<String, String>> readAll(String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                herald.herald().consumerProperties(), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }
}
