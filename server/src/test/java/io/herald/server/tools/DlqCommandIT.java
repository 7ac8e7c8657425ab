package io.herald.server.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.broker.Broker;
import io.herald.broker.BrokerConfig;
import io.herald.client.EventPublisher;
import io.herald.client.EventSubscriber;
import io.herald.client.Key;
import io.herald.client.RetryPolicy;
import io.herald.server.HeraldCli;
import io.herald.server.HeraldCli.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code herald dlq} on dead letters written by the real SDK: a subscriber whose handler fails dead-letters two
 * payments; once the cause is fixed, {@code herald dlq replay} sends them back and the same subscriber handles them.
 */
@Timeout(120)
class DlqCommandIT {
    @TempDir
    static Path dataDir;

    static Broker broker;
    static HeraldCli cli;

    record Payment(@Key String paymentId, long amountCents) {}

    @BeforeAll
    static void startBroker() {
        broker = Broker.start(BrokerConfig.fromProperties(
                        Map.of("listeners", "PLAINTEXT://127.0.0.1:0", "group.initial.rebalance.delay.ms", "0"))
                .withDataDir(dataDir));
        cli = HeraldCli.create().withEnvironment(Map.of("HERALD_BOOTSTRAP_SERVER", broker.bootstrapServers()));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) broker.close();
    }

    @Test
    void deadLettersAreListedThenReplayedOnceToTheTopicTheyCameFrom() throws Exception {
        broker.topics().create("payments", 2, (short) 1, Map.of(), false);
        AtomicBoolean declining = new AtomicBoolean(true);
        Set<String> handled = ConcurrentHashMap.newKeySet();
        try (EventSubscriber subscriber = EventSubscriber.builder()
                .bootstrapServers(broker.bootstrapServers())
                .groupId("charger")
                .topics("payments")
                .retryPolicy(new RetryPolicy(2, Duration.ofMillis(1), 2.0, Duration.ofMillis(2), 0.0))
                .sleeper(pause -> {})
                .on(Payment.class, event -> {
                    if (declining.get() && !event.data().paymentId().equals("p-ok")) {
                        throw new IllegalStateException(
                                "card of " + event.data().paymentId() + " declined");
                    }
                    handled.add(event.data().paymentId());
                })
                .start()) {
            publish(new Payment("p-1", 100), new Payment("p-2", 200), new Payment("p-ok", 300));
            await().atMost(Duration.ofSeconds(30)).until(() -> endOffset("payments.dlq") == 2);
            declining.set(false);

            Result list = cli.run("dlq", "list", "payments");
            Result dryRun = cli.run("dlq", "replay", "payments");
            long payments = endOffset("payments");
            Result replay = cli.run("dlq", "replay", "payments", "--execute");
            await().atMost(Duration.ofSeconds(30)).until(() -> handled.containsAll(Set.of("p-1", "p-2")));
            Result again = cli.run("dlq", "replay", "payments", "--execute");

            assertThat(list.exitCode()).as(list.err()).isZero();
            assertThat(list.out().lines().filter(l -> l.contains("IllegalStateException: card of p-")))
                    .hasSize(2)
                    .allMatch(l -> l.contains("charger") && l.contains("payments-"));
            assertThat(dryRun.out())
                    .contains("Dry run: 2 dead letter(s) of payments.dlq")
                    .contains("payments (2)");
            assertThat(payments).isEqualTo(3); // the dry run sent nothing
            assertThat(replay.exitCode()).as(replay.err()).isZero();
            assertThat(replay.out()).contains("Replayed 2 dead letter(s) of payments.dlq to payments (2)");
            assertThat(again.out()).contains("Replayed 0 dead letter(s)");
            assertThat(endOffset("payments")).isEqualTo(5);
        }
        assertThat(replayedHeaders())
                .allSatisfy(headers -> assertThat(headers)
                        .contains("ce_id", "ce_type")
                        .noneMatch(name -> name.startsWith("herald.dlq.")));
    }

    private static void publish(Object... events) throws Exception {
        try (EventPublisher publisher = EventPublisher.builder()
                .bootstrapServers(broker.bootstrapServers())
                .source("/payments")
                .build()) {
            for (Object event : events) publisher.publish("payments", event).get();
        }
    }

    private static long endOffset(String topic) {
        var t = broker.topics().topic(topic);
        if (t == null) return 0;
        long total = 0;
        for (int p = 0; p < t.partitionCount(); p++) total += t.partition(p).logEndOffset();
        return total;
    }

    /** The header names of the records replayed into {@code payments} (those after the three published). */
    private static List<List<String>> replayedHeaders() {
        List<List<String>> replayed = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(
                Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions =
                    List.of(new TopicPartition("payments", 0), new TopicPartition("payments", 1));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(all::add);
                return all.size() >= 5;
            });
            // a replayed payment is the second record of its key (one key, one partition)
            Map<String, ConsumerRecord<byte[], byte[]>> latestByKey = new java.util.HashMap<>();
            Map<String, Integer> countByKey = new java.util.HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : all) {
                String key = new String(r.key(), StandardCharsets.UTF_8);
                countByKey.merge(key, 1, Integer::sum);
                latestByKey.merge(key, r, (a, b) -> a.offset() > b.offset() ? a : b);
            }
            countByKey.forEach((key, count) -> {
                if (count < 2) return;
                List<String> names = new ArrayList<>();
                latestByKey.get(key).headers().forEach(h -> names.add(h.key()));
                replayed.add(names);
            });
        }
        assertThat(replayed).hasSize(2);
        return replayed;
    }
}
