package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.broker.Broker;
import io.herald.broker.BrokerConfig;
import io.herald.cep.host.DeployedRule;
import io.herald.cep.host.DeployedRuleJson;
import io.herald.cep.host.HostedRules;
import io.herald.cep.host.RuleState;
import io.herald.cep.runner.StartPoint;
import io.herald.server.HeraldCli.Result;
import io.herald.server.HeraldCli.Running;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code cep.*} properties reach the runners: {@code herald cep} and {@code herald server} started with a checkpoint
 * topic of their own and a 200 ms interval write their running rule's checkpoints there (read with a real consumer),
 * while the rule still runs, and nothing to the default topic; bad values exit 2 naming the property.
 */
@Timeout(120)
class CepCheckpointSettingsIT {
    @TempDir
    Path dir;

    @Test
    void herald_cep_writesCheckpointsToTheConfiguredTopicAtTheConfiguredInterval() throws Exception {
        Broker broker = Broker.start(BrokerConfig.fromProperties(Map.of("listeners", "PLAINTEXT://127.0.0.1:0"))
                .withDataDir(dir.resolve("data")));
        String bootstrap = broker.bootstrapServers();
        Path ruleFile = Files.writeString(
                dir.resolve("copy.rule"), "CREATE RULE cli_copy FROM cli_orders SELECT * INTO cli_copied");
        Running cep = HeraldCli.create()
                .withEnvironment(Map.of("HERALD_CEP_CHECKPOINT_INTERVAL_MS", "200"))
                .start(
                        "cep",
                        "--bootstrap-server",
                        bootstrap,
                        "--rule",
                        ruleFile.toString(),
                        "--set",
                        "cep.checkpoint.topic=cli_checkpoints");
        try {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> cep.out().toString().contains("herald: cep running")
                            || cep.exitCode().isDone());
            produce(bootstrap, "cli_orders");

            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(checkpointKeys(bootstrap, "cli_checkpoints"))
                            .anyMatch(key -> key.startsWith("herald-cep.cli_copy.v1/")));
            assertThat(cep.exitCode()).isNotDone(); // written while running, not by the close
            assertThat(topics(bootstrap)).doesNotContain("_herald_cep_checkpoints");
        } finally {
            Result stopped = cep.stopAndWait(Duration.ofSeconds(60));
            broker.close();
            assertThat(stopped.exitCode()).as(stopped.err()).isZero();
        }
    }

    @Test
    void herald_server_writesItsHostedRulesCheckpointsToTheConfiguredTopic() throws Exception {
        Running server = HeraldCli.create()
                .startServer(
                        dir.resolve("server").toString(),
                        "--set",
                        "cep.checkpoint.topic=server_checkpoints",
                        "--set",
                        "cep.checkpoint.interval.ms=200");
        try {
            String bootstrap = "127.0.0.1:" + ServerCommandIT.awaitReadyPort(server);
            DeployedRule rule = new DeployedRule(
                    "srv_copy",
                    "CREATE RULE srv_copy FROM srv_orders SELECT * INTO srv_copied",
                    1,
                    RuleState.RUNNING,
                    StartPoint.EARLIEST,
                    "cep-checkpoint-settings-it",
                    Instant.now());
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
                producer.send(new ProducerRecord<>(HostedRules.TOPIC, rule.name(), DeployedRuleJson.write(rule)))
                        .get();
            }
            produce(bootstrap, "srv_orders");

            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(checkpointKeys(bootstrap, "server_checkpoints"))
                            .anyMatch(key -> key.startsWith("herald-cep.srv_copy.v1/")));
            assertThat(topics(bootstrap)).doesNotContain("_herald_cep_checkpoints");
        } finally {
            Result stopped = server.stopAndWait(Duration.ofSeconds(60));
            assertThat(stopped.exitCode()).as(stopped.err()).isZero();
        }
    }

    @Test
    void aNegativeIntervalGivenTo_herald_cep_exitsTwoNamingThePropertyAndTheValue() {
        Result result = HeraldCli.create().run("cep", "--set", "cep.checkpoint.interval.ms=-1");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err())
                .startsWith(
                        "herald cep: cep.checkpoint.interval.ms must be a whole number of milliseconds >= 0 (0 turns"
                                + " checkpoints off), was '-1'; cep.checkpoint.interval.ms was set by --set"
                                + " cep.checkpoint.interval.ms");
    }

    @Test
    void aBackoffThatIsNotANumberGivenTo_herald_server_exitsTwoBeforeStarting() {
        Result result = HeraldCli.create()
                .withEnvironment(Map.of("HERALD_CEP_RESTART_BACKOFF_INITIAL_MS", "1s"))
                .run("server", "--port", "0", "--data-dir", dir.resolve("never").toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err())
                .startsWith("herald server: cep.restart.backoff.initial.ms must be a whole number of milliseconds >= 1,"
                        + " was '1s'; cep.restart.backoff.initial.ms was set by HERALD_CEP_RESTART_BACKOFF_INITIAL_MS");
        assertThat(dir.resolve("never")).doesNotExist();
    }

    private static void produce(String bootstrap, String topic) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(
                                topic, "o" + i, ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8)))
                        .get();
            }
        }
    }

    private static Set<String> topics(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            return admin.listTopics().names().get();
        }
    }

    /** The keys of the topic whose last record holds a value; none when the topic does not exist yet. */
    private static Set<String> checkpointKeys(String bootstrap, String topic) throws Exception {
        if (!topics(bootstrap).contains(topic)) {
            return Set.of();
        }
        Map<String, byte[]> latest = new HashMap<>();
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        "false"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    latest.put(record.key(), record.value());
                }
            }
        }
        latest.values().removeIf(value -> value == null);
        return latest.keySet();
    }
}
