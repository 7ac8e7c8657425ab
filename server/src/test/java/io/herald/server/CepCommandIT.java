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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class CepCommandIT {
    static final String FRAUD = """
            CREATE RULE fraud_multi_location
            FROM purchases EVENT TIME ts WATERMARK LAG 5s ALLOWED LATENESS 30s
            PARTITION BY user_id
            WINDOW RANGE 1m
            HAVING count(*) >= 5 AND count(DISTINCT location) >= 2
            SELECT user_id, count(*) AS purchases, count(DISTINCT location) AS locations
            EMIT ON MATCH SUPPRESS 1m
            INTO fraud_alerts
            """;

    @TempDir
    Path dir;

    @Test
    void theFraudRuleRunsAgainstABrokerAndRaisesItsAlert() throws Exception {
        Running server = HeraldCli.create().startServer(dir.resolve("data").toString());
        String bootstrap = "127.0.0.1:" + ServerCommandIT.awaitReadyPort(server);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic("purchases", Optional.of(1), Optional.empty())))
                    .all()
                    .get();
        }
        Path ruleFile = Files.writeString(dir.resolve("fraud.rule"), FRAUD);
        Running cep = HeraldCli.create().start("cep", "--bootstrap-server", bootstrap, "--rule", ruleFile.toString());
        try {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> cep.out().toString().contains("herald: cep running")
                            || cep.exitCode().isDone());
            assertThat(cep.out().toString())
                    .as(cep.err().toString())
                    .contains("herald: cep running 1 rule against " + bootstrap
                            + ": fraud_multi_location v1 (purchases -> fraud_alerts)");

            long t0 = 1_700_000_000_000L;
            String[] locations = {"paris", "paris", "lyon", "paris", "paris"};
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
                for (int i = 0; i < locations.length; i++) {
                    producer.send(new ProducerRecord<>(
                                    "purchases",
                                    "alice",
                                    "{\"user_id\":\"alice\",\"ts\":%d,\"location\":\"%s\"}"
                                            .formatted(t0 + i * 1_000L, locations[i])))
                            .get();
                }
                // a later purchase moves the watermark past the burst
                producer.send(new ProducerRecord<>(
                                "purchases",
                                "bob",
                                "{\"user_id\":\"bob\",\"ts\":%d,\"location\":\"rome\"}".formatted(t0 + 60_000)))
                        .get();
            }

            List<ConsumerRecord<String, String>> alerts = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrap,
                    ConsumerConfig.GROUP_ID_CONFIG,
                    "cep-command-it",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                    "earliest",
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                    StringDeserializer.class.getName(),
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                    StringDeserializer.class.getName()))) {
                consumer.subscribe(List.of("fraud_alerts"));
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(alerts::add);
                    return !alerts.isEmpty();
                });
            }
            assertThat(alerts).singleElement().satisfies(alert -> {
                assertThat(alert.value()).isEqualTo("{\"user_id\":\"alice\",\"purchases\":5,\"locations\":2}");
                assertThat(new String(alert.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8))
                        .isEqualTo("fraud_multi_location/1/alice/epurchases-0-4");
            });
        } finally {
            Result stopped = cep.stopAndWait(Duration.ofSeconds(60));
            server.stopAndWait(Duration.ofSeconds(60));
            assertThat(stopped.exitCode()).as(stopped.err()).isZero();
            assertThat(stopped.out().lines().toList()).last().isEqualTo("herald: stopped");
        }
    }

    @Test
    void withoutRuleFilesItHostsTheRulesDeployedInTheRulesTopic() throws Exception {
        Broker broker = Broker.start(BrokerConfig.fromProperties(Map.of("listeners", "PLAINTEXT://127.0.0.1:0"))
                .withDataDir(dir.resolve("hosted")));
        String bootstrap = broker.bootstrapServers();
        Running cep = HeraldCli.create().start("cep", "--bootstrap-server", bootstrap);
        try {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> cep.out().toString().contains("herald: cep hosting")
                            || cep.exitCode().isDone());
            assertThat(cep.out().toString())
                    .as(cep.err().toString())
                    .contains("herald: cep hosting the rules of topic _herald_rules on " + bootstrap
                            + " (0 rules deployed)");
            // a deploy as herald server writes it: the rule document keyed by its name
            DeployedRule rule = new DeployedRule(
                    "hosted_big",
                    "CREATE RULE hosted_big FROM hosted_orders WHERE amount > 1000 SELECT * INTO hosted_big_out",
                    1,
                    RuleState.RUNNING,
                    StartPoint.EARLIEST,
                    "cep-command-it",
                    Instant.now());
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
                producer.send(new ProducerRecord<>(HostedRules.TOPIC, rule.name(), DeployedRuleJson.write(rule)))
                        .get();
                for (int amount : new int[] {10, 5000}) {
                    producer.send(new ProducerRecord<>(
                                    "hosted_orders",
                                    "o" + amount,
                                    ("{\"amount\":" + amount + "}").getBytes(StandardCharsets.UTF_8)))
                            .get();
                }
            }

            List<ConsumerRecord<String, String>> out = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrap,
                    ConsumerConfig.GROUP_ID_CONFIG,
                    "cep-command-it-hosted",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                    "earliest",
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                    StringDeserializer.class.getName(),
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                    StringDeserializer.class.getName()))) {
                consumer.subscribe(List.of("hosted_big_out"));
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(out::add);
                    return !out.isEmpty();
                });
            }
            assertThat(out)
                    .singleElement()
                    .satisfies(row -> assertThat(row.value()).isEqualTo("{\"amount\":5000}"));
        } finally {
            Result stopped = cep.stopAndWait(Duration.ofSeconds(60));
            broker.close();
            assertThat(stopped.exitCode()).as(stopped.err()).isZero();
            assertThat(stopped.out().lines().toList()).last().isEqualTo("herald: stopped");
        }
    }

    @Test
    void aBrokenRuleIsABadOptionWithItsLineAndColumn() throws Exception {
        Path ruleFile =
                Files.writeString(dir.resolve("broken.rule"), "CREATE RULE r FROM t WINDOW TUMBLING SELECT x INTO o");

        Result result = HeraldCli.create().run("cep", "--rule", ruleFile.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err())
                .startsWith("herald cep: " + ruleFile + ": line 1, column")
                .contains("duration");
        assertThat(result.err().lines()).hasSize(1);
    }
}
