package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The SDK against Apache Kafka 4.4 itself (a single-node KRaft cluster from Kafka's own test kit, in this JVM), not
 * Herald: proof that a service written with the SDK depends on the Kafka protocol only. The same publish, subscribe
 * and dead-letter paths as the Herald tests.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ApacheKafkaIT {
    private static KafkaClusterTestKit kafka;

    @EventType("OrderPlaced")
    record OrderPlaced(@Key String orderId, int line) {}

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .setCombined(true)
                        .build())
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                // one broker: Kafka's internal topics default to 3 replicas
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .build();
        kafka.format();
        kafka.startup();
        kafka.waitForReadyBrokers();
        try (var admin = kafka.admin()) {
            admin.createTopics(List.of(new NewTopic("orders", 3, (short) 1)))
                    .all()
                    .get();
        }
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) kafka.close();
    }

    @Test
    void publishedEventsAreHandledInOrderPerKeyAndAFailingOneIsDeadLettered() throws Exception {
        Map<String, List<Integer>> linesByOrder = new ConcurrentHashMap<>();
        List<String> failed = new CopyOnWriteArrayList<>();
        try (EventPublisher publisher = EventPublisher.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .source("/orders")
                .build()) {
            for (int line = 0; line < 20; line++) {
                for (String order : List.of("o-1", "o-2", "o-3", "poison")) {
                    publisher.publish("orders", new OrderPlaced(order, line));
                }
            }
            publisher.publish("orders", new OrderPlaced("o-1", 20)).get(); // and every one before it, in order
        }

        try (EventSubscriber subscriber = EventSubscriber.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .groupId("fulfilment")
                .topics("orders")
                .retryPolicy(new RetryPolicy(2, Duration.ofMillis(1), 2.0, Duration.ofMillis(2), 0.0))
                .sleeper(pause -> {})
                .on(OrderPlaced.class, event -> {
                    if (event.data().orderId().equals("poison") && event.data().line() == 0) {
                        failed.add(event.id());
                        throw new IllegalStateException("cannot fulfil " + event.data());
                    }
                    linesByOrder
                            .computeIfAbsent(event.data().orderId(), k -> new CopyOnWriteArrayList<>())
                            .add(event.data().line());
                })
                .start()) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() ->
                            linesByOrder.values().stream().mapToInt(List::size).sum() == 80);
        }

        assertThat(linesByOrder.get("o-1")).containsExactlyElementsOf(range(0, 21));
        assertThat(linesByOrder.get("o-2")).containsExactlyElementsOf(range(0, 20));
        assertThat(linesByOrder.get("poison")).containsExactlyElementsOf(range(1, 20));
        assertThat(failed).hasSize(2); // two attempts, then the dead letter
        try (var admin = kafka.admin()) {
            assertThat(admin.listTopics().names().get()).contains("orders.dlq");
        }
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> values = new ArrayList<>();
        for (int i = from; i < to; i++) values.add(i);
        return values;
    }
}
