package io.herald.cep.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.cep.plan.Rule;
import io.herald.cep.text.RuleText;
import io.herald.testkit.HeraldExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The runner against an embedded Herald broker: real producers feed JSON purchases, real consumers read the
 * CloudEvents the rule writes. Each test has its own rule name and topics.
 */
@Timeout(120)
class RuleRunnerIT {
    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    private static final long T0 = 1_700_000_000_000L;

    private static Rule fraudRule(String name, String input, String into) {
        return RuleText.parse("""
                CREATE RULE %s
                FROM %s EVENT TIME ts WATERMARK LAG 5s ALLOWED LATENESS 30s
                PARTITION BY user_id
                WINDOW RANGE 1m
                HAVING count(*) >= 5 AND count(DISTINCT location) >= 2
                SELECT user_id, count(*) AS purchases, count(DISTINCT location) AS locations
                EMIT ON MATCH SUPPRESS 1m
                INTO %s
                """.formatted(name, input, into));
    }

    private record Purchase(String user, long tsMs, String location) {
        String json() {
            return "{\"user_id\":\"%s\",\"ts\":%d,\"location\":\"%s\"}".formatted(user, tsMs, location);
        }
    }

    /** FraudRuleTest's stream: alice is fraudulent (her 5th purchase by event time is offset 4), bob and carol not. */
    private static List<Purchase> fraudStream() {
        List<Purchase> stream = new ArrayList<>(List.of(
                new Purchase("alice", T0, "paris"),
                new Purchase("alice", T0 + 10_000, "paris"),
                new Purchase("alice", T0 + 8_000, "paris"),
                new Purchase("alice", T0 + 20_000, "lyon"),
                new Purchase("alice", T0 + 30_000, "paris"),
                new Purchase("alice", T0 + 40_000, "paris"),
                new Purchase("alice", T0 + 50_000, "lyon")));
        for (int i = 0; i < 6; i++) {
            stream.add(new Purchase("bob", T0 + 51_000 + 1_000 * i, "rome"));
        }
        for (int i = 0; i < 5; i++) {
            stream.add(new Purchase("carol", T0 + 60_000 + 70_000 * i, i % 2 == 0 ? "oslo" : "bergen"));
        }
        // moves the watermark an hour on, past every window, lateness and suppression above
        stream.add(new Purchase("tick", T0 + 3_600_000, "nowhere"));
        return stream;
    }

    private static void produce(String topic, List<Purchase> purchases) throws Exception {
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(herald.herald().producerProperties())) {
            for (Purchase p : purchases) {
                producer.send(new ProducerRecord<>(topic, 0, p.user(), p.json()))
                        .get();
            }
        }
    }

    private static void produceRaw(String topic, String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(herald.herald().producerProperties())) {
            producer.send(new ProducerRecord<>(topic, 0, key, value)).get();
        }
    }

    private static RuleRunner start(Rule rule) {
        return RuleRunner.start(rule, RunnerSettings.of(herald.bootstrapServers()));
    }

    /** Waits until the runner has handled the input up to {@code endOffset} and the cluster acknowledged its outputs. */
    private static void awaitCaughtUp(RuleRunner runner, String input, long endOffset) {
        TopicPartition partition = new TopicPartition(input, 0);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(runner.done()).isNotCompletedExceptionally();
            RunnerStats stats = runner.stats();
            assertThat(stats.positions().getOrDefault(partition, -1L)).isEqualTo(endOffset);
            assertThat(stats.outputsAcknowledged()).isEqualTo(stats.outputsSent());
        });
    }

    /** Every record of a topic, from the beginning to its current end. */
    private static List<ConsumerRecord<String, String>> readAll(String topic) {
        Map<String, Object> props = herald.herald().consumerProperties();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
            return records;
        }
    }

    private static Map<String, String> headers(ConsumerRecord<String, String> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header h : record.headers()) {
            headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }

    @Test
    void theFraudRuleRaisesExactlyOneAlertAsACloudEvent() throws Exception {
        herald.herald().createTopic("purchases_a", 1);
        Rule rule = fraudRule("fraud_a", "purchases_a", "alerts_a");
        List<Purchase> stream = fraudStream();
        produce("purchases_a", stream);

        try (RuleRunner runner = start(rule)) {
            awaitCaughtUp(runner, "purchases_a", stream.size());
        }

        assertThat(readAll("alerts_a")).singleElement().satisfies(alert -> {
            assertThat(alert.key()).isEqualTo("alice");
            assertThat(alert.value()).isEqualTo("{\"user_id\":\"alice\",\"purchases\":5,\"locations\":2}");
            assertThat(headers(alert))
                    .containsEntry("ce_specversion", "1.0")
                    .containsEntry("ce_id", "fraud_a/1/alice/epurchases_a-0-4")
                    .containsEntry("ce_source", "herald-cep/fraud_a")
                    .containsEntry("ce_type", "fraud_a")
                    .containsEntry(
                            "ce_time",
                            java.time.Instant.ofEpochMilli(T0 + 30_000).toString())
                    .containsEntry("content-type", "application/json");
        });
        assertThat(readAll("fraud_a.late")).isEmpty();
    }

    @Test
    void lateAndUnreadableEventsGoToTheLateTopic() throws Exception {
        herald.herald().createTopic("purchases_b", 1);
        Rule rule = fraudRule("fraud_b", "purchases_b", "alerts_b");
        List<Purchase> stream = new ArrayList<>(fraudStream());
        // after the tick the watermark is T0 + 1h - 5s: this purchase is beyond the 30 s allowed lateness
        stream.add(new Purchase("erin", T0 + 1_000, "paris"));
        produce("purchases_b", stream);
        produceRaw("purchases_b", "frank", "not json");
        produceRaw("purchases_b", "gina", "{\"user_id\":\"gina\",\"location\":\"oslo\"}");

        try (RuleRunner runner = start(rule)) {
            awaitCaughtUp(runner, "purchases_b", stream.size() + 2);
        }

        List<ConsumerRecord<String, String>> late = readAll("fraud_b.late");
        assertThat(late)
                .extracting(r -> headers(r).get("ce_id"))
                .containsExactly(
                        "fraud_b/1/erin/late/epurchases_b-0-" + (stream.size() - 1),
                        "fraud_b/1/frank/unreadable/epurchases_b-0-" + stream.size(),
                        "fraud_b/1/gina/unreadable/epurchases_b-0-" + (stream.size() + 1));
        assertThat(late)
                .extracting(r -> headers(r).get("ce_type"))
                .containsExactly("fraud_b.late", "fraud_b.unreadable", "fraud_b.unreadable");
        assertThat(late.get(0).value()).contains("\"user_id\":\"erin\"");
        assertThat(late.get(1).value()).contains("not JSON").contains("\"value\":\"not json\"");
        assertThat(late.get(2).value()).contains("no event time: field ts is missing");
        assertThat(readAll("alerts_b")).hasSize(1);
    }

    @Test
    void aRestartedRunnerEmitsNoNewIds() throws Exception {
        herald.herald().createTopic("purchases_c", 1);
        Rule rule = fraudRule("fraud_c", "purchases_c", "alerts_c");
        List<Purchase> stream = fraudStream();
        // the first run sees alice's whole burst and raises the alert (her purchase at T0+40s moves the watermark
        // past T0+30s), then stops while bob's and carol's windows are still open
        int firstPart = 9;
        produce("purchases_c", stream.subList(0, firstPart));
        try (RuleRunner first = start(rule)) {
            awaitCaughtUp(first, "purchases_c", firstPart);
        }
        assertThat(readAll("alerts_c")).hasSize(1);

        produce("purchases_c", stream.subList(firstPart, stream.size()));
        try (RuleRunner second = start(rule)) {
            awaitCaughtUp(second, "purchases_c", stream.size());
        }
        // the tick left every window behind, so the replay point moved up to the tick, the one event still buffered;
        // its metadata is the largest event time before it (carol's last purchase)
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", herald.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(RuleRunner.groupId(rule))
                    .partitionsToOffsetAndMetadata()
                    .get();
            assertThat(committed.get(new TopicPartition("purchases_c", 0)))
                    .isEqualTo(new OffsetAndMetadata(stream.size() - 1, "herald-cep maxEventTimeMs=" + (T0 + 340_000)));
        }
        // a third run over the fully handled input: whatever it replays carries known ids
        try (RuleRunner third = start(rule)) {
            awaitCaughtUp(third, "purchases_c", stream.size());
        }

        Set<String> ids = readAll("alerts_c").stream()
                .map(r -> headers(r).get("ce_id"))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        assertThat(ids).containsExactly("fraud_c/1/alice/epurchases_c-0-4");
    }

    @Test
    void aRuleRestartedMidBurstStillRaisesItsAlert() throws Exception {
        herald.herald().createTopic("purchases_d", 1);
        Rule rule = fraudRule("fraud_d", "purchases_d", "alerts_d");
        List<Purchase> stream = fraudStream();
        // stopped after three of alice's purchases: their window state must be rebuilt by the next run
        produce("purchases_d", stream.subList(0, 3));
        try (RuleRunner first = start(rule)) {
            awaitCaughtUp(first, "purchases_d", 3);
        }
        produce("purchases_d", stream.subList(3, stream.size()));
        try (RuleRunner second = start(rule)) {
            awaitCaughtUp(second, "purchases_d", stream.size());
        }

        assertThat(readAll("alerts_d"))
                .extracting(r -> headers(r).get("ce_id"))
                .containsExactly("fraud_d/1/alice/epurchases_d-0-4");
    }

    private static void produceTo(String topic, int partition, List<Purchase> purchases) throws Exception {
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(herald.herald().producerProperties())) {
            for (Purchase p : purchases) {
                producer.send(new ProducerRecord<>(topic, partition, p.user(), p.json()))
                        .get();
            }
        }
    }

    @Test
    void twoRunnersShareThePartitionsOfARule() throws Exception {
        herald.herald().createTopic("purchases_f", 2);
        Rule rule = fraudRule("fraud_f", "purchases_f", "alerts_f");
        List<Purchase> alice = new ArrayList<>();
        List<Purchase> bob = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            alice.add(new Purchase("alice", T0 + 1_000 * i, i == 2 ? "lyon" : "paris"));
            bob.add(new Purchase("bob", T0 + 1_000 * i, i % 2 == 0 ? "rome" : "milan"));
        }
        alice.add(new Purchase("tick", T0 + 3_600_000, "nowhere"));
        bob.add(new Purchase("tick", T0 + 3_600_000, "nowhere"));
        TopicPartition p0 = new TopicPartition("purchases_f", 0);
        TopicPartition p1 = new TopicPartition("purchases_f", 1);

        produceTo("purchases_f", 0, alice.subList(0, 3));
        produceTo("purchases_f", 1, bob.subList(0, 3));
        try (RuleRunner first = start(rule)) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> first.stats().positions().equals(Map.of(p0, 3L, p1, 3L)));
            try (RuleRunner second = start(rule)) {
                // the group gives each runner one partition; each replays its partition from the replay point
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> first.stats().positions().size() == 1
                                && second.stats().positions().size() == 1);
                produceTo("purchases_f", 0, alice.subList(3, alice.size()));
                produceTo("purchases_f", 1, bob.subList(3, bob.size()));
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    Map<TopicPartition, Long> reached =
                            new HashMap<>(first.stats().positions());
                    reached.putAll(second.stats().positions());
                    assertThat(reached).isEqualTo(Map.of(p0, 6L, p1, 6L));
                    for (RuleRunner runner : List.of(first, second)) {
                        assertThat(runner.done()).isNotCompletedExceptionally();
                        assertThat(runner.stats().outputsAcknowledged())
                                .isEqualTo(runner.stats().outputsSent());
                    }
                });
            }
        }

        Set<String> ids =
                readAll("alerts_f").stream().map(r -> headers(r).get("ce_id")).collect(Collectors.toSet());
        assertThat(ids).containsExactlyInAnyOrder("fraud_f/1/alice/epurchases_f-0-4", "fraud_f/1/bob/epurchases_f-1-4");
    }
}
