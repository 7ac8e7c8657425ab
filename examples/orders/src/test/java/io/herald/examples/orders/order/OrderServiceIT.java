package io.herald.examples.orders.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.client.EventPublisher;
import io.herald.client.PublishResult;
import io.herald.examples.orders.OrderCorrelation;
import io.herald.examples.orders.ServiceSettings;
import io.herald.examples.orders.TestRegistry;
import io.herald.examples.orders.Topics;
import io.herald.examples.orders.events.FraudSuspected;
import io.herald.examples.orders.events.PaymentFailed;
import io.herald.examples.orders.events.PaymentSucceeded;
import io.herald.examples.orders.events.StockReserved;
import io.herald.testkit.HeraldExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Order service alone against the testkit broker: the test plays the other services by publishing their events,
 * and reads what the Order service decided from its database and from the {@code orders} topic.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class OrderServiceIT {
    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    @TempDir
    static Path dataDir;

    // one service for the class (a consumer group join costs seconds); each test uses its own users and orders
    private static OrderService orders;
    private static EventPublisher others;

    private static TestRegistry registry;

    @BeforeAll
    static void start() throws Exception {
        Topics.createMissing(herald.bootstrapServers(), 3);
        registry = TestRegistry.start(herald.bootstrapServers());
        orders = OrderService.start(
                new ServiceSettings(herald.bootstrapServers(), dataDir, 0, 0.1, registry.url(), true),
                Clock.systemUTC());
        others = EventPublisher.builder()
                .bootstrapServers(herald.bootstrapServers())
                .source("/test")
                .build();
    }

    @AfterAll
    static void stop() {
        others.close();
        orders.close();
        registry.close();
    }

    private OrderView place(String userId) throws Exception {
        return orders.place(new PlaceOrder(userId, "Porto", List.of(new PlaceOrder.Line("sku-mug", 1))));
    }

    /** Publishes as the other services do: with the order id as correlation id (they continue the order's flow). */
    private PublishResult publishFor(String orderId, String topic, Object event) throws Exception {
        return OrderCorrelation.of(orderId, null, () -> others.publish(topic, event))
                .join();
    }

    private void awaitHandled(PublishResult published) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> orders.events().inbox().handled(OrderService.GROUP, published.eventId()));
    }

    private OrderView state(String orderId) throws Exception {
        return orders.find(orderId).orElseThrow();
    }

    @Test
    void aPaidOrderIsConfirmedOnceEvenWhenThePaymentComesTwice() throws Exception {
        OrderView order = place("alice");
        awaitHandled(publishFor(order.orderId(), Topics.INVENTORY, new StockReserved(order.orderId(), order.items())));
        PaymentSucceeded paid = new PaymentSucceeded(order.orderId(), "pay-1", order.amountCents());

        awaitHandled(publishFor(order.orderId(), Topics.PAYMENTS, paid));
        awaitHandled(publishFor(order.orderId(), Topics.PAYMENTS, paid)); // another event id, the same payment

        assertThat(state(order.orderId()).state()).isEqualTo(OrderState.CONFIRMED);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(typesOf(order.orderId())).containsExactly("OrderPlaced", "OrderConfirmed"));
    }

    @Test
    void aFraudAlertHoldsTheUsersOpenOrdersAndAHeldOrderIsNotConfirmedWhenPaid() throws Exception {
        OrderView open = place("mallory");
        OrderView confirmed = place("mallory");
        OrderView someoneElse = place("bob");
        awaitHandled(publishFor(
                confirmed.orderId(), Topics.PAYMENTS, new PaymentSucceeded(confirmed.orderId(), "pay-2", 1200)));

        awaitHandled(others.publish(Topics.FRAUD_ALERTS, new FraudSuspected("mallory", 5, 2), "mallory")
                .join());
        awaitHandled(publishFor(open.orderId(), Topics.PAYMENTS, new PaymentSucceeded(open.orderId(), "pay-3", 1200)));

        assertThat(state(open.orderId()).state()).isEqualTo(OrderState.HELD);
        assertThat(state(open.orderId()).reason())
                .isEqualTo("held for fraud review: 5 orders from 2 locations within 1 minute");
        assertThat(state(confirmed.orderId()).state()).isEqualTo(OrderState.CONFIRMED);
        assertThat(state(someoneElse.orderId()).state()).isEqualTo(OrderState.PLACED);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(typesOf(open.orderId())).containsExactly("OrderPlaced", "OrderHeld"));
    }

    @Test
    void anOrderPlacedWhileItsUserIsUnderReviewIsHeldAtOnce() throws Exception {
        PublishResult alert = others.publish(Topics.FRAUD_ALERTS, new FraudSuspected("trudy", 5, 2), "trudy")
                .join();
        awaitHandled(alert);

        OrderView placed = place("trudy");

        assertThat(orders.underReview("trudy")).isTrue();
        assertThat(placed.state()).isEqualTo(OrderState.HELD);
        assertThat(state(placed.orderId()))
                .extracting(OrderView::state, OrderView::reason)
                .containsExactly(
                        OrderState.HELD,
                        "held for fraud review: the user is under review after fraud alert " + alert.eventId());
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(typesOf(placed.orderId())).containsExactly("OrderPlaced", "OrderHeld"));
    }

    @Test
    void aFailedPaymentCancelsEvenAHeldOrderWithTheReason() throws Exception {
        OrderView order = place("eve");
        awaitHandled(others.publish(Topics.FRAUD_ALERTS, new FraudSuspected("eve", 6, 3), "eve")
                .join());

        awaitHandled(publishFor(order.orderId(), Topics.PAYMENTS, new PaymentFailed(order.orderId(), "card declined")));

        assertThat(state(order.orderId()))
                .extracting(OrderView::state, OrderView::reason)
                .containsExactly(OrderState.CANCELLED, "payment failed: card declined");
    }

    @Test
    void theHttpApiPlacesListsAndRefusesWithTheReason() throws Exception {
        try (OrderHttpApi api = OrderHttpApi.start(orders, 0, config -> {})) {
            String base = "http://127.0.0.1:" + api.port() + "/api/orders";
            HttpClient http = HttpClient.newHttpClient();

            HttpResponse<String> placed = http.send(
                    post(
                            base,
                            "{\"userId\":\"carol\",\"location\":\"Lima\",\"items\":[{\"sku\":\"sku-lamp\",\"quantity\":1}]}"),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> unknownSku = http.send(
                    post(
                            base,
                            "{\"userId\":\"carol\",\"location\":\"Lima\",\"items\":[{\"sku\":\"sku-yacht\",\"quantity\":1}]}"),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> listed = http.send(
                    HttpRequest.newBuilder(URI.create(base + "?limit=5")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> missing = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/no-such-order")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(placed.statusCode()).isEqualTo(202);
            assertThat(placed.body()).contains("\"state\":\"PLACED\"", "\"orderId\":\"");
            assertThat(unknownSku.statusCode()).isEqualTo(400);
            assertThat(unknownSku.body()).contains("unknown sku 'sku-yacht'");
            assertThat(listed.statusCode()).isEqualTo(200);
            assertThat(listed.body()).contains("\"userId\":\"carol\"", "\"amountCents\":9900", "\"placedAt\":\"");
            assertThat(missing.statusCode()).isEqualTo(404);
        }
    }

    private static HttpRequest post(String url, String json) {
        return HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    /** The types of the order's events on the orders topic, in order, checking each carries the order's correlation. */
    private static List<String> typesOf(String orderId) {
        List<String> types = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, herald.bootstrapServers()),
                new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.ORDERS).stream()
                    .map(info -> new TopicPartition(Topics.ORDERS, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (orderId.equals(record.key())) {
                        assertThat(header(record, "ce_correlationid")).isEqualTo(orderId);
                        types.add(header(record, "ce_type"));
                    }
                }
            }
        }
        return types;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
