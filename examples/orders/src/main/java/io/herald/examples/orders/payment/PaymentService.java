package io.herald.examples.orders.payment;

import io.herald.client.EventSubscriber;
import io.herald.client.IncomingEvent;
import io.herald.examples.orders.ServiceDatabase;
import io.herald.examples.orders.ServiceEvents;
import io.herald.examples.orders.ServiceMain;
import io.herald.examples.orders.ServiceSettings;
import io.herald.examples.orders.Topics;
import io.herald.examples.orders.events.PaymentFailed;
import io.herald.examples.orders.events.PaymentSucceeded;
import io.herald.examples.orders.events.StockReserved;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.UUID;

/**
 * The Payment service: charges each order whose stock was reserved, for the amount StockReserved states, and
 * publishes PaymentSucceeded or PaymentFailed ({@link PaymentDecision}: a configurable, deterministic failure rate).
 * Own database under {@code <dataDir>/payment}: {@code charges (order_id PRIMARY KEY, payment_id, amount_cents,
 * status, reason, charged_at_ms)}, one row per order.
 *
 * <p>A redelivered StockReserved never charges twice: the inbox skips an event id seen before, and the charge's
 * primary key is the order id, so even a second event for the same order (another id) is refused by the database
 * and skipped. Thread-safe.
 */
public final class PaymentService implements AutoCloseable {
    /** The service's consumer group and inbox consumer. */
    public static final String GROUP = "payment-service";

    private final ServiceDatabase database;
    private final ServiceEvents events;
    private final PaymentDecision decision;
    private final Clock clock;

    private PaymentService(ServiceDatabase database, ServiceEvents events, PaymentDecision decision, Clock clock) {
        this.database = database;
        this.events = events;
        this.decision = decision;
        this.clock = clock;
    }

    /** Opens the database, starts the relay and subscribes to inventory events. */
    public static PaymentService start(ServiceSettings settings, Clock clock) throws SQLException {
        ServiceDatabase database = ServiceDatabase.open(settings.dataDir(), "payment");
        database.createSchema("CREATE TABLE IF NOT EXISTS charges (order_id VARCHAR(64) PRIMARY KEY,"
                + " payment_id VARCHAR(64) NOT NULL, amount_cents BIGINT NOT NULL, status VARCHAR(16) NOT NULL,"
                + " reason VARCHAR(1000), charged_at_ms BIGINT NOT NULL)");
        ServiceEvents events =
                new ServiceEvents(database, clock, settings, "/payment", Topics.PAYMENTS, GROUP, Topics.INVENTORY);
        PaymentService service =
                new PaymentService(database, events, new PaymentDecision(settings.paymentFailureRate()), clock);
        events.startSubscriber(service::handlers);
        return service;
    }

    private EventSubscriber.Builder handlers(EventSubscriber.Builder builder) {
        return builder.on(StockReserved.class, events.once(this::onStockReserved));
    }

    private void onStockReserved(IncomingEvent<StockReserved> event, Connection connection) throws SQLException {
        String orderId = event.data().orderId();
        long amountCents = event.data().amountCents();
        // the payment id is derived from the order: the gateway's idempotency key, the same on every attempt
        String paymentId = UUID.nameUUIDFromBytes(("payment:" + orderId).getBytes(StandardCharsets.UTF_8))
                .toString();
        boolean declined = decision.declines(orderId);
        String reason = declined ? "card declined (simulated failure rate " + decision.failureRate() + ")" : null;
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO charges (order_id, payment_id,"
                + " amount_cents, status, reason, charged_at_ms) SELECT ?, ?, ?, ?, ?, ? WHERE NOT EXISTS"
                + " (SELECT 1 FROM charges WHERE order_id = ?)")) {
            insert.setString(1, orderId);
            insert.setString(2, paymentId);
            insert.setLong(3, amountCents);
            insert.setString(4, declined ? "DECLINED" : "CHARGED");
            insert.setString(5, reason);
            insert.setLong(6, clock.millis());
            insert.setString(7, orderId);
            if (insert.executeUpdate() == 0) {
                return; // this order was charged (or declined) already
            }
        }
        Object outcome =
                declined ? new PaymentFailed(orderId, reason) : new PaymentSucceeded(orderId, paymentId, amountCents);
        events.outbox().add(connection, Topics.PAYMENTS, outcome);
    }

    /** The service's database, for tests and tools that inspect it. */
    public ServiceDatabase database() {
        return database;
    }

    /** The broker side, to stop and restart the subscriber. */
    public ServiceEvents events() {
        return events;
    }

    /** Stops the subscriber and the relay and closes the database. */
    @Override
    public void close() {
        events.close();
        database.close();
    }

    /** Runs the Payment service alone; see {@link ServiceSettings#fromArgs} for the arguments. */
    public static void main(String[] args) throws Exception {
        ServiceMain.run(
                args,
                settings -> start(settings, Clock.systemUTC()),
                service -> "payment service: data in " + service.database().folder());
    }
}
