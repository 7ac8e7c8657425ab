package io.herald.examples.orders.web;

import io.herald.client.EventPublisher;
import io.herald.client.HandlingContext;
import io.herald.client.PublishResult;
import io.herald.examples.orders.web.ContractEvents.EmailSent;
import io.herald.examples.orders.web.ContractEvents.Item;
import io.herald.examples.orders.web.ContractEvents.OrderCancelled;
import io.herald.examples.orders.web.ContractEvents.OrderConfirmed;
import io.herald.examples.orders.web.ContractEvents.OrderHeld;
import io.herald.examples.orders.web.ContractEvents.OrderPlaced;
import io.herald.examples.orders.web.ContractEvents.OrderRejected;
import io.herald.examples.orders.web.ContractEvents.PaymentFailed;
import io.herald.examples.orders.web.ContractEvents.PaymentSucceeded;
import io.herald.examples.orders.web.ContractEvents.StockRejected;
import io.herald.examples.orders.web.ContractEvents.StockReleased;
import io.herald.examples.orders.web.ContractEvents.StockReserved;
import io.herald.testkit.EmbeddedHerald;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes an order's events through the Herald SDK as the four services would, in the contract's sequences: each
 * service its own {@link EventPublisher} with its {@code source}, each event published "while handling" the one
 * before it, so it carries the order's correlation id and the previous event's id as causation id.
 *
 * <p>A test has no handler to carry the correlation, so it sets it with {@link HandlingContext#correlate}, as the
 * Order service does when it places an order.
 *
 * <p>Also writes what the SDK cannot: a verbatim second copy of a record (a redelivery: an outbox relay that crashed
 * between publishing and deleting its row sends the same event again, same {@code ce_id}) and a fraud alert in the
 * CEP runner's binding.
 */
final class OrderFlows implements AutoCloseable {
    static final List<Item> ITEMS = List.of(new Item("sku-book", 2, 1250), new Item("sku-pen", 1, 300));
    static final long AMOUNT_CENTS = 2 * 1250 + 300;

    private final String bootstrapServers;
    private final EventPublisher orders;
    private final EventPublisher inventory;
    private final EventPublisher payment;
    private final EventPublisher email;

    OrderFlows(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.orders = publisher("/orders");
        this.inventory = publisher("/inventory");
        this.payment = publisher("/payment");
        this.email = publisher("/email");
    }

    /** Creates the five topics on {@code herald}, three partitions each. */
    static void createTopics(EmbeddedHerald herald) {
        for (String topic : List.of("orders", "inventory", "payments", "emails", "fraud-alerts")) {
            herald.createTopic(topic, 3);
        }
    }

    /** The Order service's first event; the flow's correlation id is the order id. */
    PublishResult placed(String orderId, String userId, String location) {
        return placed(orderId, userId, location, ITEMS);
    }

    private PublishResult placed(String orderId, String userId, String location, List<Item> items) {
        return as(
                orderId,
                null,
                orders,
                "orders",
                new OrderPlaced(orderId, userId, location, items, amountCents(items), Instant.now()));
    }

    /** OrderPlaced, StockReserved, PaymentSucceeded, OrderConfirmed, EmailSent. */
    List<PublishResult> confirmed(String orderId, String userId, String location) {
        return confirmed(orderId, userId, location, ITEMS);
    }

    /** The confirmed sequence for an order of {@code items}. */
    List<PublishResult> confirmed(String orderId, String userId, String location, List<Item> items) {
        List<PublishResult> sent = new ArrayList<>();
        sent.add(placed(orderId, userId, location, items));
        sent.add(next(sent, inventory, "inventory", new StockReserved(orderId, items)));
        sent.add(next(sent, payment, "payments", new PaymentSucceeded(orderId, "pay-" + orderId, amountCents(items))));
        sent.add(next(sent, orders, "orders", new OrderConfirmed(orderId)));
        sent.add(next(sent, email, "emails", new EmailSent(orderId, "msg-" + orderId, userId + "@example.test")));
        return sent;
    }

    /** OrderPlaced, StockReserved, PaymentFailed, StockReleased, OrderCancelled: the compensation. */
    List<PublishResult> paymentFailed(String orderId, String userId, String location, String reason) {
        List<PublishResult> sent = new ArrayList<>();
        sent.add(placed(orderId, userId, location));
        sent.add(next(sent, inventory, "inventory", new StockReserved(orderId, ITEMS)));
        sent.add(next(sent, payment, "payments", new PaymentFailed(orderId, reason)));
        PublishResult failed = sent.get(2);
        // Inventory and Order both handle PaymentFailed: both are caused by it
        sent.add(as(orderId, failed.eventId(), inventory, "inventory", new StockReleased(orderId, reason)));
        sent.add(as(orderId, failed.eventId(), orders, "orders", new OrderCancelled(orderId, reason)));
        return sent;
    }

    /** OrderPlaced, StockRejected, OrderRejected. */
    List<PublishResult> stockRejected(String orderId, String userId, String location, String reason) {
        List<PublishResult> sent = new ArrayList<>();
        sent.add(placed(orderId, userId, location));
        sent.add(next(sent, inventory, "inventory", new StockRejected(orderId, reason)));
        sent.add(next(sent, orders, "orders", new OrderRejected(orderId, "out of stock: " + reason)));
        return sent;
    }

    /** OrderPlaced then StockReserved only: the payment has not answered. */
    List<PublishResult> awaitingPayment(String orderId, String userId, String location) {
        List<PublishResult> sent = new ArrayList<>();
        sent.add(placed(orderId, userId, location));
        sent.add(next(sent, inventory, "inventory", new StockReserved(orderId, ITEMS)));
        return sent;
    }

    /** OrderHeld for an order placed before, caused by that OrderPlaced. */
    PublishResult held(String orderId, PublishResult placed, String reason) {
        return as(orderId, placed.eventId(), orders, "orders", new OrderHeld(orderId, reason));
    }

    /** A fraud alert as the CEP runner writes it: keyed by user, CloudEvents headers, the rule's JSON row. */
    String fraudAlert(String userId, int purchases, int locations) {
        String id = "alert-" + userId + "-" + System.nanoTime();
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", utf8("1.0"));
        headers.add("ce_id", utf8(id));
        headers.add("ce_source", utf8("herald-cep/FraudSuspected"));
        headers.add("ce_type", utf8("FraudSuspected"));
        headers.add("ce_time", utf8(Instant.now().toString()));
        headers.add("ce_subject", utf8(userId));
        headers.add("content-type", utf8("application/json"));
        String row = "{\"userId\":\"%s\",\"purchases\":%d,\"locations\":%d}".formatted(userId, purchases, locations);
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>("fraud-alerts", null, utf8(userId), utf8(row), headers))
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException("could not write the fraud alert of " + userId, e);
        }
        return id;
    }

    /** Writes the record at {@code sent}'s position again, byte for byte (same key, value and headers). */
    void redeliver(PublishResult sent) {
        TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());
        Properties consumerProperties = new Properties();
        consumerProperties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerProperties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumerProperties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties);
                KafkaProducer<byte[], byte[]> producer = producer()) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, sent.offset());
            ConsumerRecord<byte[], byte[]> original = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (original == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() == sent.offset()) {
                        original = record;
                    }
                }
            }
            if (original == null) {
                throw new IllegalStateException("record " + sent + " not read back within 20 s");
            }
            producer.send(new ProducerRecord<>(
                            sent.topic(), sent.partition(), original.key(), original.value(), original.headers()))
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException("could not redeliver " + sent, e);
        }
    }

    @Override
    public void close() {
        for (EventPublisher publisher : List.of(orders, inventory, payment, email)) {
            publisher.close();
        }
    }

    private static long amountCents(List<Item> items) {
        return items.stream()
                .mapToLong(item -> item.quantity() * item.priceCents())
                .sum();
    }

    private PublishResult next(List<PublishResult> sent, EventPublisher publisher, String topic, Object event) {
        String orderId = orderIdOf(event);
        return as(orderId, sent.getLast().eventId(), publisher, topic, event);
    }

    /** Publishes {@code event} as a handler of {@code causationId} in the flow {@code orderId} would. */
    private static PublishResult as(
            String orderId, String causationId, EventPublisher publisher, String topic, Object event) {
        // causationId null: the Order service starts the flow (correlation id = order id, no causation)
        try (HandlingContext.Correlation scope = HandlingContext.correlate(orderId, causationId)) {
            return publisher.publish(topic, event).join();
        }
    }

    private static String orderIdOf(Object event) {
        try {
            return (String)
                    event.getClass().getRecordComponents()[0].getAccessor().invoke(event);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private EventPublisher publisher(String source) {
        return EventPublisher.builder()
                .bootstrapServers(bootstrapServers)
                .source(source)
                .build();
    }

    private KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
