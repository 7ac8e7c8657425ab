package io.herald.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.herald.client.EventCodec;
import io.herald.client.EventPublisher;
import io.herald.client.EventSchemas;
import io.herald.client.EventSubscriber;
import io.herald.client.RegisteredSchema;
import io.herald.client.RegistrySchema;
import io.herald.client.SchemaRegistryClient;
import io.herald.client.SchemaRegistryException;
import io.herald.client.SchemaSerdeConfig;
import io.herald.client.StartPosition;
import io.herald.client.Upcasters;
import io.herald.examples.orders.email.EmailService;
import io.herald.examples.orders.events.EventContracts;
import io.herald.examples.orders.events.LineItem;
import io.herald.examples.orders.events.OrderConfirmed;
import io.herald.examples.orders.events.OrderPlaced;
import io.herald.examples.orders.inventory.InventoryService;
import io.herald.examples.orders.payment.PaymentService;
import io.herald.examples.orders.web.OrderTimeline;
import io.herald.examples.orders.web.TimelineEntry;
import io.herald.examples.orders.web.WorkflowFeed;
import io.herald.testkit.HeraldExtension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * OrderPlaced evolves while old events are still consumed. The registry's subject {@code orders-OrderPlaced} has
 * version 1 (the old schema) and version 2 (adds the optional {@code giftMessage}); v1 events are in the topic before
 * the services start, and an Order service still on the old code publishes v1 after the new one published v2. The
 * real Inventory, Payment and Email services read both, the page's feed reads both, a reader still on the old record
 * reads both, and the registry refuses a v3 that adds a required property, with its message.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class OrderPlacedEvolutionIT {
    private static final String SUBJECT = "orders-OrderPlaced";
    private static final String GIFT = "Congratulations on the new flat!";

    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    @TempDir
    Path dataDir;

    @Test
    void v1AndV2EventsAreBothReadAndAnIncompatibleV3IsRefused() throws Exception {
        Topics.createMissing(herald.bootstrapServers(), 3);
        try (TestRegistry server = TestRegistry.start(herald.bootstrapServers())) {
            SchemaRegistryClient registry = SchemaRegistryClient.create(server.url());

            // given: the old Order service's schema is version 1, and its events are in the topic
            RegisteredSchema v1 =
                    registry.register(SUBJECT, RegistrySchema.json(resource(EventContracts.ORDER_PLACED_V1)), false);
            assertThat(v1.version()).isEqualTo(1);
            try (EventPublisher oldOrderService = publisher(oldCodec(registry))) {
                publishAsTheOrderService(oldOrderService, "old-1", oldOrder("old-1"));
            }

            // when: the new schema is registered (the registry checks it against version 1: BACKWARD compatible)
            List<RegisteredSchema> current = EventContracts.register(registry, Topics.ORDERS);
            RegisteredSchema v2 = current.stream()
                    .filter(schema -> schema.subject().equals(SUBJECT))
                    .findFirst()
                    .orElseThrow();
            assertThat(v2.version()).isEqualTo(2);
            assertThat(v2.id()).isNotEqualTo(v1.id());

            ServiceSettings settings =
                    new ServiceSettings(herald.bootstrapServers(), dataDir, 0, 0.0, server.url(), true);
            try (InventoryService inventory = InventoryService.start(settings, Clock.systemUTC());
                    PaymentService payment = PaymentService.start(settings, Clock.systemUTC());
                    EmailService email = EmailService.start(settings, Clock.systemUTC());
                    EventPublisher newOrderService = publisher(ServiceEvents.codec(registry));
                    EventPublisher oldOrderService = publisher(oldCodec(registry));
                    WorkflowFeed feed = new WorkflowFeed(herald.bootstrapServers()).start()) {
                // and the new Order service publishes v2 while an old instance still publishes v1
                publishAsTheOrderService(newOrderService, "new-1", newOrder("new-1"));
                publishAsTheOrderService(oldOrderService, "old-2", oldOrder("old-2"));
                Set<String> orderIds = Set.of("old-1", "new-1", "old-2");
                assertThat(schemaIdsOnTheTopic(orderIds))
                        .containsOnly(v1.id(), v2.id())
                        .contains(v1.id(), v2.id());

                // then every service handles all three
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    assertThat(column(inventory.database().dataSource(), "SELECT order_id, state FROM reservations"))
                            .containsOnlyKeys(orderIds)
                            .containsValues("RESERVED");
                    assertThat(column(payment.database().dataSource(), "SELECT order_id, status FROM charges"))
                            .containsOnlyKeys(orderIds);
                    assertThat(column(email.database().dataSource(), "SELECT order_id, gift_message FROM recipients"))
                            .containsOnlyKeys(orderIds);
                });
                Map<String, String> gifts =
                        column(email.database().dataSource(), "SELECT order_id, gift_message FROM recipients");
                assertThat(gifts.get("new-1")).isEqualTo(GIFT);
                assertThat(gifts.get("old-1")).isNull();
                assertThat(gifts.get("old-2")).isNull();

                // and the confirmation mail carries the gift message of the v2 order only
                for (String orderId : orderIds) {
                    publishAsTheOrderService(newOrderService, orderId, new OrderConfirmed(orderId));
                }
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> orderIds.stream()
                                .allMatch(id -> Files.exists(email.mailbox().messageOf(id))));
                assertThat(Files.readString(email.mailbox().messageOf("new-1")))
                        .contains("Gift message:\r\n  " + GIFT + "\r\n");
                assertThat(Files.readString(email.mailbox().messageOf("old-1"))).doesNotContain("Gift message");

                // and the page's feed reads the JSON behind the registry's 5-byte prefix, of both versions
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    for (String orderId : orderIds) {
                        OrderTimeline timeline = feed.timeline(orderId).orElseThrow();
                        assertThat(timeline.userId()).isEqualTo("user-" + orderId);
                        assertThat(timeline.entries())
                                .extracting(TimelineEntry::type)
                                .contains("OrderPlaced", "StockReserved", "PaymentSucceeded", "OrderConfirmed");
                    }
                });
            }

            // and a service still on the old record reads v2 events too (the new property is ignored)
            assertThat(readAllWithTheOldRecord(registry)).containsExactlyInAnyOrder("old-1", "new-1", "old-2");

            // and a v3 adding a required property is refused: the events in the topic do not have it
            String v3 = resource("/evolution/orders-OrderPlaced.v3-refused.json");
            assertThatThrownBy(() -> registry.register(SUBJECT, RegistrySchema.json(v3), false))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, refused -> {
                        assertThat(refused.errorCode()).isEqualTo(409);
                        assertThat(refused.subject()).isEqualTo(SUBJECT);
                    })
                    .hasMessageContaining("REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL")
                    .hasMessageContaining("#/properties/currency");
            registry.forgetLatest(SUBJECT);
            assertThat(registry.latest(SUBJECT).version()).isEqualTo(2);
        }
    }

    /** The old Order service's codec: OrderPlaced with the v1 schema file, never registering. */
    private static EventCodec oldCodec(SchemaRegistryClient registry) {
        SchemaSerdeConfig config = SchemaSerdeConfig.forRegistry(registry.url()).withAutoRegisterSchemas(false);
        EventSchemas v1 = EventSchemas.builder()
                .json("OrderPlaced", 1, EventContracts.ORDER_PLACED_V1)
                .build();
        return EventCodec.jsonSchema(registry, config, v1, Upcasters.none());
    }

    private static EventPublisher publisher(EventCodec codec) {
        return EventPublisher.builder()
                .bootstrapServers(herald.bootstrapServers())
                .source("/orders")
                .codec(codec)
                .build();
    }

    /** Publishes with the order id as correlation id, as the Order service does (the page joins by it). */
    private static void publishAsTheOrderService(EventPublisher publisher, String orderId, Object event)
            throws SQLException {
        OrderCorrelation.of(
                orderId, null, () -> publisher.publish(Topics.ORDERS, event).join());
    }

    private static OrderPlacedV1 oldOrder(String orderId) {
        List<LineItem> items = List.of(new LineItem("sku-mug", 1, 1200));
        return new OrderPlacedV1(orderId, "user-" + orderId, "Oslo", items, 1200, now());
    }

    private static OrderPlaced newOrder(String orderId) {
        List<LineItem> items = List.of(new LineItem("sku-poster", 2, 900));
        return new OrderPlaced(orderId, "user-" + orderId, "Lyon", items, 1800, now(), GIFT);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /** The schema id in each of these orders' OrderPlaced values, as written on the topic. */
    private static Set<Integer> schemaIdsOnTheTopic(Set<String> orderIds) {
        Set<Integer> ids = new java.util.HashSet<>();
        for (String orderId : orderIds) {
            byte[] value = RecordValues.valueOf(herald.bootstrapServers(), Topics.ORDERS, orderId, "OrderPlaced");
            assertThat(value[0]).as("magic byte of " + orderId).isZero();
            ids.add(java.nio.ByteBuffer.wrap(value, 1, 4).getInt());
        }
        return ids;
    }

    /** The order ids a subscriber reading into {@link OrderPlacedV1} gets from the topic. */
    private static Set<String> readAllWithTheOldRecord(SchemaRegistryClient registry) {
        Set<String> read = ConcurrentHashMap.newKeySet();
        EventSubscriber old = EventSubscriber.builder()
                .bootstrapServers(herald.bootstrapServers())
                .groupId("old-reader")
                .topics(Topics.ORDERS)
                .codec(ServiceEvents.codec(registry))
                .startFrom(StartPosition.beginning())
                .on(OrderPlacedV1.class, event -> read.add(event.data().orderId()))
                .start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> read.size() >= 3);
        } finally {
            old.close();
        }
        return read;
    }

    private static Map<String, String> column(DataSource dataSource, String sql) throws SQLException {
        Map<String, String> rows = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql);
                ResultSet result = select.executeQuery()) {
            while (result.next()) {
                rows.put(result.getString(1), result.getString(2));
            }
        }
        return rows;
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = OrderPlacedEvolutionIT.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException(path + " is not on the test class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
