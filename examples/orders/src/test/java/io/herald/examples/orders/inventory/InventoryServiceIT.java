package io.herald.examples.orders.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.client.EventPublisher;
import io.herald.client.PublishResult;
import io.herald.examples.orders.ServiceSettings;
import io.herald.examples.orders.TestRegistry;
import io.herald.examples.orders.Topics;
import io.herald.examples.orders.events.LineItem;
import io.herald.examples.orders.events.OrderPlaced;
import io.herald.examples.orders.events.PaymentFailed;
import io.herald.testkit.HeraldExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Inventory service alone against the testkit broker, the test playing the Order and Payment services: the scarce
 * lamp (25 in stock) is ordered 40 times at once, and payments of reserved orders fail twice each.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class InventoryServiceIT {
    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    @TempDir
    static Path dataDir;

    private static InventoryService inventory;
    private static EventPublisher others;

    private static TestRegistry registry;

    @BeforeAll
    static void start() throws Exception {
        Topics.createMissing(herald.bootstrapServers(), 3);
        registry = TestRegistry.start(herald.bootstrapServers());
        inventory = InventoryService.start(
                new ServiceSettings(herald.bootstrapServers(), dataDir, 0, 0.1, registry.url(), true),
                java.time.Clock.systemUTC());
        others = EventPublisher.builder()
                .bootstrapServers(herald.bootstrapServers())
                .source("/test")
                .build();
    }

    @AfterAll
    static void stop() {
        others.close();
        inventory.close();
        registry.close();
    }

    @Test
    void theScarceSkuIsNeverOversoldAndAFailedPaymentReleasesItsStockOnce() throws Exception {
        // given 40 orders of one lamp each, on three partitions, handled concurrently; the lamp has 25
        List<PublishResult> placed = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            placed.add(others.publish(
                            Topics.ORDERS,
                            new OrderPlaced(
                                    "lamp-" + i,
                                    "user-" + i,
                                    "Oslo",
                                    List.of(new LineItem("sku-lamp", 1, 9900)),
                                    9900,
                                    Instant.now()))
                    .join());
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> allHandled(placed));
        assertThat(count("SELECT count(*) FROM reservations WHERE state = 'RESERVED'"))
                .isEqualTo(25);
        assertThat(count("SELECT count(*) FROM reservations WHERE state = 'REJECTED'"))
                .isEqualTo(15);
        assertThat(count("SELECT quantity FROM stock WHERE sku = 'sku-lamp'")).isZero();

        // when the payment of five reserved orders fails, each PaymentFailed coming twice (two event ids)
        List<String> reserved = reservedOrders().subList(0, 5);
        List<PublishResult> failed = new ArrayList<>();
        for (String orderId : reserved) {
            failed.add(others.publish(Topics.PAYMENTS, new PaymentFailed(orderId, "declined"))
                    .join());
            failed.add(others.publish(Topics.PAYMENTS, new PaymentFailed(orderId, "declined"))
                    .join());
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> allHandled(failed));

        // then each puts its lamp back once
        assertThat(count("SELECT quantity FROM stock WHERE sku = 'sku-lamp'")).isEqualTo(5);
        assertThat(count("SELECT count(*) FROM reservations WHERE state = 'RELEASED'"))
                .isEqualTo(5);
    }

    private static boolean allHandled(List<PublishResult> published) throws Exception {
        for (PublishResult result : published) {
            if (!inventory.events().inbox().handled(InventoryService.GROUP, result.eventId())) {
                return false;
            }
        }
        return true;
    }

    private static List<String> reservedOrders() throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection connection = inventory.database().dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT order_id FROM reservations WHERE state = 'RESERVED' ORDER BY order_id");
                ResultSet result = select.executeQuery()) {
            while (result.next()) {
                ids.add(result.getString(1));
            }
        }
        return ids;
    }

    private static long count(String sql) throws Exception {
        try (Connection connection = inventory.database().dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement(sql);
                ResultSet result = select.executeQuery()) {
            result.next();
            return result.getLong(1);
        }
    }
}
