package io.herald.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.client.RegisteredSchema;
import io.herald.client.RegistrySchema;
import io.herald.client.SchemaRegistryClient;
import io.herald.examples.orders.events.LineItem;
import io.herald.examples.orders.load.LoadGenerator;
import io.herald.examples.orders.payment.PaymentDecision;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end scenario, run against a Herald broker ({@link OrderSystemIT}) and against Apache Kafka
 * ({@link OrderSystemOnApacheKafkaIT}): the four services and the fraud rule in one process; 1,000 orders (one through
 * {@code POST /api/orders}, the rest through {@code POST /api/load} with a fraud burst) with a 10% payment failure
 * rate; duplicates injected twice (the Inventory subscriber abandoned uncommitted and restarted, and a stretch of the
 * inventory and payments topics written again byte for byte); the Payment service killed (in-flight events abandoned) and started again mid-run.
 * The checks read the services' own databases, the mailbox and the topics.
 */
abstract class OrderSystemScenario {
    private static final int TOTAL_ORDERS = 1000;
    private static final double FAILURE_RATE = 0.10;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GIFT_MESSAGE = "Happy birthday, Bob!";

    @TempDir
    Path dataDir;

    /** The cluster the services run on. */
    abstract String bootstrapServers();

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyOrderEndsDecidedWithEachEffectOnceDespiteDuplicatesAndARestart() throws Exception {
        try (TestRegistry registry = TestRegistry.start(bootstrapServers())) {
            run(new ServiceSettings(bootstrapServers(), dataDir, 0, FAILURE_RATE, registry.url(), true));
        }
    }

    private void run(ServiceSettings settings) throws Exception {
        try (OrderSystem system = OrderSystem.start(settings, config -> {})) {
            String api = "http://127.0.0.1:" + system.httpPort() + "/api";

            // given one order through the API, then the load with its burst
            JsonNode placed = post(
                    api + "/orders",
                    "{\"userId\":\"alice\",\"location\":\"Porto\",\"items\":[{\"sku\":\"sku-mug\",\"quantity\":2}],"
                            + "\"giftMessage\":\"" + GIFT_MESSAGE + "\"}",
                    202);
            String aliceOrder = placed.get("orderId").asText();
            assertThat(get(api + "/orders/" + aliceOrder, 200).get("userId").asText())
                    .isEqualTo("alice");
            int normalOrders = TOTAL_ORDERS - 1 - LoadGenerator.BURST_ORDERS;
            JsonNode load = post(api + "/load", "{\"count\":" + normalOrders + ",\"fraudBurst\":true}", 202);
            String fraudUser = load.get("fraudUserId").asText();

            // when: the Inventory subscriber dies uncommitted and comes back; old events are delivered again
            DataSource orders = system.order().database().dataSource();
            await().atMost(Duration.ofSeconds(60)).until(() -> count(orders, "SELECT count(*) FROM orders") >= 250);
            system.inventory().events().stopSubscriber(Duration.ZERO);
            system.inventory().events().restartSubscriber();
            assertThat(DuplicateInjector.duplicate(bootstrapServers(), Topics.INVENTORY, 150))
                    .isEqualTo(150);
            assertThat(DuplicateInjector.duplicate(bootstrapServers(), Topics.PAYMENTS, 150))
                    .isEqualTo(150);

            // and the Payment service is killed while orders keep coming, then started again
            await().atMost(Duration.ofSeconds(60)).until(() -> count(orders, "SELECT count(*) FROM orders") >= 500);
            system.killPayment();
            await().atMost(Duration.ofSeconds(60)).until(() -> count(orders, "SELECT count(*) FROM orders") >= 700);
            system.restartPayment();

            // then every order reaches a decision
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> count(orders, "SELECT count(*) FROM orders") == TOTAL_ORDERS
                            && count(orders, "SELECT count(*) FROM orders WHERE state IN ('PLACED', 'STOCK_RESERVED')")
                                    == 0);
            printSummary(system, fraudUser);
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertEffects(system, fraudUser));
            assertEventLog(system, fraudUser);
            assertGiftMessage(system, aliceOrder);
            assertWireFormat(settings, aliceOrder);
        }
    }

    // for the build log: what the run produced (the assertions above do not depend on it)
    private void printSummary(OrderSystem system, String fraudUser) throws SQLException {
        DataSource orders = system.order().database().dataSource();
        System.out.println(getClass().getSimpleName() + ": orders by state "
                + pairs(orders, "SELECT state, CAST(count(*) AS VARCHAR) FROM orders GROUP BY state")
                + ", fraud alerts (id = received at ms) "
                + pairs(orders, "SELECT alert_id, CAST(received_at_ms AS VARCHAR) FROM fraud_alerts")
                + ", the burst (id = placed at ms, state) "
                + pairs(
                        orders,
                        "SELECT order_id, placed_at_ms || ' ' || state FROM orders WHERE user_id = '" + fraudUser
                                + "'"));
    }

    private void assertEffects(OrderSystem system, String fraudUser) throws Exception {
        DataSource orders = system.order().database().dataSource();
        Map<String, OrderRow> byId = new HashMap<>();
        for (OrderRow row : orderRows(orders)) {
            byId.put(row.orderId(), row);
        }
        assertThat(byId).hasSize(TOTAL_ORDERS);
        Map<String, List<OrderRow>> byState = byId.values().stream().collect(Collectors.groupingBy(OrderRow::state));
        assertThat(byState.keySet()).isSubsetOf("CONFIRMED", "REJECTED", "CANCELLED", "HELD");
        assertThat(byState.getOrDefault("CONFIRMED", List.of())).hasSizeGreaterThan(TOTAL_ORDERS / 2);
        assertThat(byId.values())
                .filteredOn(row -> !row.state().equals("CONFIRMED"))
                .allSatisfy(row -> assertThat(row.reason()).isNotBlank());

        // the inventory: a reservation decision per order, stock = initial - what confirmed and held orders keep
        DataSource inventory = system.inventory().database().dataSource();
        Map<String, String> reservations = pairs(inventory, "SELECT order_id, state FROM reservations");
        assertThat(reservations.keySet()).isEqualTo(byId.keySet());
        Map<String, Long> expectedStock = new HashMap<>();
        Catalog.PRODUCTS.forEach(p -> expectedStock.put(p.sku(), (long) p.initialStock()));
        for (OrderRow row : byId.values()) {
            String reservation = reservations.get(row.orderId());
            switch (row.state()) {
                case "CONFIRMED" -> assertThat(reservation).as(row.orderId()).isEqualTo("RESERVED");
                case "REJECTED" -> assertThat(reservation).as(row.orderId()).isEqualTo("REJECTED");
                case "CANCELLED" -> assertThat(reservation).as(row.orderId()).isEqualTo("RELEASED");
                default -> {} // HELD: reserved or rejected, depending on when the alert came
            }
            if ("RESERVED".equals(reservation)) {
                for (LineItem item : row.items()) {
                    expectedStock.merge(item.sku(), (long) -item.quantity(), Long::sum);
                }
            }
        }
        Map<String, Long> stock = new HashMap<>();
        pairs(inventory, "SELECT sku, quantity FROM stock").forEach((sku, qty) -> stock.put(sku, Long.parseLong(qty)));
        assertThat(stock).isEqualTo(expectedStock);
        assertThat(stock.values()).allSatisfy(quantity -> assertThat(quantity).isNotNegative());
        assertThat(byState.getOrDefault("REJECTED", List.of()))
                .allSatisfy(row -> assertThat(row.reason()).contains("insufficient stock"));

        // the payments: one charge per order that got stock; the declined ones are exactly the cancelled ones
        DataSource payments = system.payment().database().dataSource();
        Map<String, String> charges = pairs(payments, "SELECT order_id, status FROM charges");
        PaymentDecision decision = new PaymentDecision(FAILURE_RATE);
        for (OrderRow row : byId.values()) {
            boolean reserved = !"REJECTED".equals(reservations.get(row.orderId()));
            String charge = charges.get(row.orderId());
            switch (row.state()) {
                case "CONFIRMED" -> {
                    assertThat(charge).as(row.orderId()).isEqualTo("CHARGED");
                    assertThat(decision.declines(row.orderId())).isFalse();
                }
                case "CANCELLED" -> {
                    assertThat(charge).as(row.orderId()).isEqualTo("DECLINED");
                    assertThat(decision.declines(row.orderId())).isTrue();
                }
                case "REJECTED" -> assertThat(charge).as(row.orderId()).isNull();
                default -> assertThat(charge == null || reserved).isTrue();
            }
        }
        assertThat(count(payments, "SELECT count(*) FROM charges")).isEqualTo(charges.size());
        long declined = byState.getOrDefault("CANCELLED", List.of()).size();
        assertThat(declined)
                .isBetween((long) (TOTAL_ORDERS * FAILURE_RATE / 2), (long) (TOTAL_ORDERS * FAILURE_RATE * 2));

        // the emails: one message per confirmed order, in the table and in the mailbox, nothing else
        Set<String> confirmed = byState.getOrDefault("CONFIRMED", List.of()).stream()
                .map(OrderRow::orderId)
                .collect(Collectors.toSet());
        DataSource email = system.email().database().dataSource();
        assertThat(pairs(email, "SELECT order_id, message_id FROM emails").keySet())
                .isEqualTo(confirmed);
        Path mailbox = system.email().mailbox().folder();
        try (Stream<Path> files = Files.list(mailbox)) {
            assertThat(files.map(f -> f.getFileName().toString()).collect(Collectors.toSet()))
                    .isEqualTo(confirmed.stream().map(id -> id + ".eml").collect(Collectors.toSet()));
        }
        String oneMail = Files.readString(mailbox.resolve(confirmed.iterator().next() + ".eml"));
        assertThat(oneMail).contains("Message-ID: <", "\r\nTo: ", "\r\nDate: ", "\r\n\r\nThank you");

        // the fraud rule: the burst's user and nobody else; only that user's orders are held
        assertThat(pairs(orders, "SELECT alert_id, user_id FROM fraud_alerts").values())
                .containsOnly(fraudUser);
        assertThat(byState.getOrDefault("HELD", List.of()))
                .allSatisfy(row -> assertThat(row.userId()).isEqualTo(fraudUser));
        // the rule ran as a hosted rule (deployed into _herald_rules, run by this process's HostedRules), not privately
        assertThat(system.fraudRule()).hasValueSatisfying(rule -> {
            assertThat(rule.rule().state().name()).isEqualTo("RUNNING");
            assertThat(rule.runningHere()).isTrue();
            assertThat(rule.failure()).isEmpty();
        });
    }

    private void assertEventLog(OrderSystem system, String fraudUser) throws SQLException {
        List<EventLog.Entry> events = EventLog.readAll(
                bootstrapServers(), List.of(Topics.ORDERS, Topics.INVENTORY, Topics.PAYMENTS, Topics.EMAILS));
        // OrderPlaced, a stock decision and EmailSent at least, per order
        assertThat(events.size()).isGreaterThan(TOTAL_ORDERS * 3);
        assertThat(events).allSatisfy(event -> {
            assertThat(event.correlationId()).as(event.toString()).isEqualTo(event.key());
            assertThat(event.source()).isIn("/orders", "/inventory", "/payment", "/email");
        });
        // the burst's last order waits for the alert: placed while its user is under review, it is held at once (and
        // never confirmed; a declined payment may still cancel it)
        DataSource orders = system.order().database().dataSource();
        long alertReceivedAtMs = count(orders, "SELECT min(received_at_ms) FROM fraud_alerts");
        Map<String, String> lastBurstOrder = pairs(
                orders,
                "SELECT order_id, CAST(placed_at_ms AS VARCHAR) FROM orders WHERE user_id = '" + fraudUser
                        + "' ORDER BY placed_at_ms DESC LIMIT 1");
        String lastOrderId = lastBurstOrder.keySet().iterator().next();
        assertThat(Long.parseLong(lastBurstOrder.get(lastOrderId))).isGreaterThanOrEqualTo(alertReceivedAtMs);
        assertThat(events)
                .filteredOn(event ->
                        lastOrderId.equals(event.key()) && event.topic().equals(Topics.ORDERS))
                .extracting(EventLog.Entry::type)
                .contains("OrderPlaced", "OrderHeld")
                .doesNotContain("OrderConfirmed");
    }

    record OrderRow(String orderId, String userId, String state, String reason, List<LineItem> items) {}

    /** OrderPlaced's optional field (version 2 of its schema) reached the Email service, and the mail if confirmed. */
    private static void assertGiftMessage(OrderSystem system, String orderId) throws Exception {
        assertThat(pairs(
                        system.email().database().dataSource(),
                        "SELECT order_id, gift_message FROM recipients WHERE order_id = '" + orderId + "'"))
                .containsExactly(Map.entry(orderId, GIFT_MESSAGE));
        String state = pairs(
                        system.order().database().dataSource(),
                        "SELECT order_id, state FROM orders WHERE order_id = '" + orderId + "'")
                .get(orderId);
        Path mail = system.email().mailbox().messageOf(orderId);
        if (state.equals("CONFIRMED")) {
            assertThat(Files.readString(mail)).contains("Gift message:\r\n  " + GIFT_MESSAGE + "\r\n");
        } else {
            assertThat(mail).doesNotExist(); // declined by the failure rate: no confirmation, no mail
        }
    }

    /**
     * The order's OrderPlaced on the topic is in Confluent's wire format: magic byte 0, then the id the registry gave
     * the contract's schema under subject {@code orders-OrderPlaced} (TopicRecordNameStrategy), then its JSON.
     */
    private void assertWireFormat(ServiceSettings settings, String orderId) throws Exception {
        byte[] value = RecordValues.valueOf(bootstrapServers(), Topics.ORDERS, orderId, "OrderPlaced");
        SchemaRegistryClient registry = SchemaRegistryClient.create(settings.schemaRegistryUrl());
        String schema;
        try (var in = OrderSystemScenario.class.getResourceAsStream("/schemas/orders-OrderPlaced.json")) {
            schema = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        RegisteredSchema registered = registry.lookup("orders-OrderPlaced", RegistrySchema.json(schema), false);
        assertThat(value[0]).as("magic byte").isZero();
        assertThat(ByteBuffer.wrap(value, 1, 4).getInt()).as("schema id").isEqualTo(registered.id());
        assertThat(registry.latest("orders-OrderPlaced").id()).isEqualTo(registered.id());
        JsonNode data = JSON.readTree(Arrays.copyOfRange(value, 5, value.length));
        assertThat(data.get("orderId").asText()).isEqualTo(orderId);
        assertThat(data.get("giftMessage").asText()).isEqualTo(GIFT_MESSAGE);
    }

    private static List<OrderRow> orderRows(DataSource orders) throws Exception {
        List<OrderRow> rows = new ArrayList<>();
        try (Connection connection = orders.getConnection();
                Statement statement = connection.createStatement();
                ResultSet result =
                        statement.executeQuery("SELECT order_id, user_id, state, reason, items FROM orders")) {
            while (result.next()) {
                rows.add(new OrderRow(
                        result.getString(1),
                        result.getString(2),
                        result.getString(3),
                        result.getString(4),
                        JSON.readValue(result.getString(5), new TypeReference<List<LineItem>>() {})));
            }
        }
        return rows;
    }

    private static Map<String, String> pairs(DataSource dataSource, String sql) throws SQLException {
        Map<String, String> pairs = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                String previous = pairs.put(result.getString(1), result.getString(2));
                assertThat(previous)
                        .as("a second row for " + result.getString(1))
                        .isNull();
            }
        }
        return pairs;
    }

    private static long count(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    private JsonNode post(String url, String body, int expectedStatus) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        return JSON.readTree(response.body());
    }

    private JsonNode get(String url, int expectedStatus) throws Exception {
        HttpResponse<String> response =
                http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        return JSON.readTree(response.body());
    }
}
