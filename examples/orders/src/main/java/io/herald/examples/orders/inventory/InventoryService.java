package io.herald.examples.orders.inventory;

import io.herald.client.EventSubscriber;
import io.herald.client.IncomingEvent;
import io.herald.examples.orders.Catalog;
import io.herald.examples.orders.ServiceDatabase;
import io.herald.examples.orders.ServiceEvents;
import io.herald.examples.orders.ServiceMain;
import io.herald.examples.orders.ServiceSettings;
import io.herald.examples.orders.Topics;
import io.herald.examples.orders.events.LineItem;
import io.herald.examples.orders.events.OrderPlaced;
import io.herald.examples.orders.events.PaymentFailed;
import io.herald.examples.orders.events.StockRejected;
import io.herald.examples.orders.events.StockReleased;
import io.herald.examples.orders.events.StockReserved;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;

/**
 * The Inventory service: on OrderPlaced reserves every item or none (StockReserved / StockRejected), on PaymentFailed
 * puts a reservation back (StockReleased, the compensation). Own database under {@code <dataDir>/inventory}:
 * {@code stock (sku, quantity)} seeded from the {@link Catalog} on first start, {@code reservations (order_id, state)}
 * with state RESERVED, REJECTED or RELEASED, and {@code reserved_items (order_id, sku, quantity)}.
 *
 * <p>Stock never goes negative: each line is taken by {@code UPDATE ... SET quantity = quantity - n WHERE quantity >=
 * n}, in the transaction that also records the event id (inbox) and adds the outcome to the outbox; a line that does
 * not fit rolls back the lines taken before it (savepoint). A release happens only from RESERVED, so a second
 * PaymentFailed puts nothing back twice. Thread-safe.
 */
public final class InventoryService implements AutoCloseable {
    /** The service's consumer group and inbox consumer. */
    public static final String GROUP = "inventory-service";

    private final ServiceDatabase database;
    private final ServiceEvents events;

    private InventoryService(ServiceDatabase database, ServiceEvents events) {
        this.database = database;
        this.events = events;
    }

    /** Opens (and on first start seeds) the database, starts the relay and subscribes to orders and payments. */
    public static InventoryService start(ServiceSettings settings, Clock clock) throws SQLException {
        ServiceDatabase database = ServiceDatabase.open(settings.dataDir(), "inventory");
        database.createSchema(
                "CREATE TABLE IF NOT EXISTS stock (sku VARCHAR(64) PRIMARY KEY, quantity INT NOT NULL"
                        + " CHECK (quantity >= 0))",
                "CREATE TABLE IF NOT EXISTS reservations (order_id VARCHAR(64) PRIMARY KEY,"
                        + " state VARCHAR(16) NOT NULL)",
                "CREATE TABLE IF NOT EXISTS reserved_items (order_id VARCHAR(64) NOT NULL, sku VARCHAR(64) NOT NULL,"
                        + " quantity INT NOT NULL, PRIMARY KEY (order_id, sku))");
        seed(database);
        ServiceEvents events = new ServiceEvents(
                database, clock, settings, "/inventory", Topics.INVENTORY, GROUP, Topics.ORDERS, Topics.PAYMENTS);
        InventoryService service = new InventoryService(database, events);
        events.startSubscriber(service::handlers);
        return service;
    }

    private static void seed(ServiceDatabase database) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "MERGE INTO stock (sku, quantity) KEY (sku) SELECT ?, ? WHERE NOT EXISTS"
                                + " (SELECT 1 FROM stock WHERE sku = ?)")) {
            for (Catalog.Product product : Catalog.PRODUCTS) {
                insert.setString(1, product.sku());
                insert.setInt(2, product.initialStock());
                insert.setString(3, product.sku());
                insert.executeUpdate();
            }
        }
    }

    private EventSubscriber.Builder handlers(EventSubscriber.Builder builder) {
        return builder.on(OrderPlaced.class, events.once(this::onOrderPlaced))
                .on(PaymentFailed.class, events.once(this::onPaymentFailed));
    }

    private void onOrderPlaced(IncomingEvent<OrderPlaced> event, Connection connection) throws SQLException {
        OrderPlaced order = event.data();
        if (reservationState(connection, order.orderId()) != null) {
            return; // decided already (a copy of OrderPlaced with another id would otherwise reserve twice)
        }
        // lines in SKU order, so two orders never wait on each other's rows in opposite orders
        List<LineItem> lines = order.items().stream()
                .sorted(Comparator.comparing(LineItem::sku))
                .toList();
        Savepoint beforeLines = connection.setSavepoint();
        for (LineItem line : lines) {
            if (!take(connection, line)) {
                connection.rollback(beforeLines);
                String reason = "insufficient stock for " + line.sku() + ": wanted " + line.quantity() + ", "
                        + available(connection, line.sku()) + " left";
                record(connection, order.orderId(), "REJECTED");
                events.outbox().add(connection, Topics.INVENTORY, new StockRejected(order.orderId(), reason));
                return;
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "MERGE INTO reserved_items (order_id, sku, quantity) KEY (order_id, sku) VALUES (?, ?,"
                            + " COALESCE((SELECT quantity FROM reserved_items WHERE order_id = ? AND sku = ?), 0) + ?)")) {
                insert.setString(1, order.orderId());
                insert.setString(2, line.sku());
                insert.setString(3, order.orderId());
                insert.setString(4, line.sku());
                insert.setInt(5, line.quantity());
                insert.executeUpdate();
            }
        }
        record(connection, order.orderId(), "RESERVED");
        events.outbox().add(connection, Topics.INVENTORY, new StockReserved(order.orderId(), order.items()));
    }

    private void onPaymentFailed(IncomingEvent<PaymentFailed> event, Connection connection) throws SQLException {
        String orderId = event.data().orderId();
        try (PreparedStatement release = connection.prepareStatement(
                "UPDATE reservations SET state = 'RELEASED' WHERE order_id = ? AND state = 'RESERVED'")) {
            release.setString(1, orderId);
            if (release.executeUpdate() == 0) {
                return; // released already, or never reserved
            }
        }
        try (PreparedStatement putBack = connection.prepareStatement("UPDATE stock SET quantity = quantity +"
                + " (SELECT quantity FROM reserved_items r WHERE r.order_id = ? AND r.sku = stock.sku)"
                + " WHERE sku IN (SELECT sku FROM reserved_items WHERE order_id = ?)")) {
            putBack.setString(1, orderId);
            putBack.setString(2, orderId);
            putBack.executeUpdate();
        }
        String reason = "compensation: " + event.data().reason();
        events.outbox().add(connection, Topics.INVENTORY, new StockReleased(orderId, reason));
    }

    private static boolean take(Connection connection, LineItem line) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE stock SET quantity = quantity - ? WHERE sku = ? AND quantity >= ?")) {
            update.setInt(1, line.quantity());
            update.setString(2, line.sku());
            update.setInt(3, line.quantity());
            return update.executeUpdate() == 1;
        }
    }

    private static String available(Connection connection, String sku) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT quantity FROM stock WHERE sku = ?")) {
            select.setString(1, sku);
            try (ResultSet result = select.executeQuery()) {
                return result.next() ? Integer.toString(result.getInt(1)) : "none (unknown sku)";
            }
        }
    }

    private static String reservationState(Connection connection, String orderId) throws SQLException {
        try (PreparedStatement select =
                connection.prepareStatement("SELECT state FROM reservations WHERE order_id = ?")) {
            select.setString(1, orderId);
            try (ResultSet result = select.executeQuery()) {
                return result.next() ? result.getString(1) : null;
            }
        }
    }

    private static void record(Connection connection, String orderId, String state) throws SQLException {
        try (PreparedStatement insert =
                connection.prepareStatement("INSERT INTO reservations (order_id, state) VALUES (?, ?)")) {
            insert.setString(1, orderId);
            insert.setString(2, state);
            insert.executeUpdate();
        }
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

    /** Runs the Inventory service alone; see {@link ServiceSettings#fromArgs} for the arguments. */
    public static void main(String[] args) throws Exception {
        ServiceMain.run(
                args,
                settings -> start(settings, Clock.systemUTC()),
                service -> "inventory service: data in " + service.database().folder());
    }
}
