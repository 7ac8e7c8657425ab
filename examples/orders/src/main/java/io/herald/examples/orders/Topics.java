package io.herald.examples.orders;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The topics of the order system. The SDK never creates the topics it publishes to (a misspelt name must fail), so
 * the system creates its own once, before the services start.
 */
public final class Topics {
    /** Order events: OrderPlaced, OrderConfirmed, OrderRejected, OrderCancelled, OrderHeld. */
    public static final String ORDERS = "orders";
    /** Inventory events: StockReserved, StockRejected, StockReleased. */
    public static final String INVENTORY = "inventory";
    /** Payment events: PaymentSucceeded, PaymentFailed. */
    public static final String PAYMENTS = "payments";
    /** Email events: EmailSent. */
    public static final String EMAILS = "emails";
    /** The fraud rule's alerts, keyed by user. */
    public static final String FRAUD_ALERTS = "fraud-alerts";

    /** Every topic the services publish to or subscribe to. */
    public static final List<String> ALL = List.of(ORDERS, INVENTORY, PAYMENTS, EMAILS, FRAUD_ALERTS);

    private Topics() {}

    /**
     * Creates the topics that do not exist yet, with {@code partitions} partitions each (replication: the cluster's
     * default).
     *
     * @throws IllegalStateException if the cluster does not answer within 30 s, naming it
     */
    public static void createMissing(String bootstrapServers, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = ALL.stream()
                    .filter(topic -> !existing.contains(topic))
                    .map(topic -> new NewTopic(topic, java.util.Optional.of(partitions), java.util.Optional.empty()))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "cannot create the order system's topics on " + bootstrapServers + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics on " + bootstrapServers, e);
        }
    }
}
