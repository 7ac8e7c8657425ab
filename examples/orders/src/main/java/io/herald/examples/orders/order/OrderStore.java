package io.herald.examples.orders.order;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.examples.orders.ServiceDatabase;
import io.herald.examples.orders.events.LineItem;
import io.herald.examples.orders.events.OrderPlaced;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Order service's tables: {@code orders} (one row per order, its current state and reason; items as JSON) and
 * {@code fraud_alerts} (the alerts received). Writes go through the caller's connection, inside its transaction;
 * reads take their own. Thread-safe.
 */
final class OrderStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<LineItem>> ITEMS = new TypeReference<>() {};

    private final ServiceDatabase database;

    OrderStore(ServiceDatabase database) throws SQLException {
        this.database = database;
        database.createSchema(
                "CREATE TABLE IF NOT EXISTS orders (order_id VARCHAR(64) PRIMARY KEY, user_id VARCHAR(255) NOT NULL,"
                        + " location VARCHAR(255) NOT NULL, items VARCHAR(100000) NOT NULL,"
                        + " amount_cents BIGINT NOT NULL, state VARCHAR(20) NOT NULL, reason VARCHAR(1000),"
                        + " placed_at_ms BIGINT NOT NULL, updated_at_ms BIGINT NOT NULL)",
                "CREATE INDEX IF NOT EXISTS orders_by_user ON orders (user_id)",
                "CREATE INDEX IF NOT EXISTS orders_by_placed_at ON orders (placed_at_ms)",
                "CREATE TABLE IF NOT EXISTS fraud_alerts (alert_id VARCHAR(255) PRIMARY KEY,"
                        + " user_id VARCHAR(255) NOT NULL, purchases BIGINT NOT NULL, locations BIGINT NOT NULL,"
                        + " received_at_ms BIGINT NOT NULL)");
    }

    void insert(Connection connection, OrderPlaced order) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO orders (order_id, user_id, location,"
                        + " items, amount_cents, state, reason, placed_at_ms, updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)")) {
            insert.setString(1, order.orderId());
            insert.setString(2, order.userId());
            insert.setString(3, order.location());
            insert.setString(4, toJson(order.items()));
            insert.setLong(5, order.amountCents());
            insert.setString(6, OrderState.PLACED.name());
            insert.setLong(7, order.placedAt().toEpochMilli());
            insert.setLong(8, order.placedAt().toEpochMilli());
            insert.executeUpdate();
        }
    }

    /**
     * Moves the order to {@code to} if it is in one of {@code from}; the row lock taken by the update decides between
     * two handlers racing for one order.
     *
     * @return whether the order moved
     */
    boolean transition(
            Connection connection, String orderId, Set<OrderState> from, OrderState to, String reason, Instant now)
            throws SQLException {
        String states = from.stream().map(s -> "'" + s.name() + "'").collect(Collectors.joining(", "));
        try (PreparedStatement update = connection.prepareStatement("UPDATE orders SET state = ?, reason = ?,"
                + " updated_at_ms = ? WHERE order_id = ? AND state IN (" + states + ")")) {
            update.setString(1, to.name());
            update.setString(2, reason);
            update.setLong(3, now.toEpochMilli());
            update.setString(4, orderId);
            return update.executeUpdate() == 1;
        }
    }

    List<String> orderIdsOf(Connection connection, String userId, Set<OrderState> states) throws SQLException {
        String in = states.stream().map(s -> "'" + s.name() + "'").collect(Collectors.joining(", "));
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT order_id FROM orders WHERE user_id = ? AND state IN (" + in + ") ORDER BY placed_at_ms")) {
            select.setString(1, userId);
            List<String> ids = new ArrayList<>();
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    ids.add(result.getString(1));
                }
            }
            return ids;
        }
    }

    void recordAlert(Connection connection, String alertId, String userId, long purchases, long locations, Instant now)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO fraud_alerts (alert_id, user_id,"
                + " purchases, locations, received_at_ms) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, alertId);
            insert.setString(2, userId);
            insert.setLong(3, purchases);
            insert.setLong(4, locations);
            insert.setLong(5, now.toEpochMilli());
            insert.executeUpdate();
        }
    }

    /** The latest alert for {@code userId} received at or after {@code since}, if any: its id. */
    Optional<String> alertSince(Connection connection, String userId, Instant since) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT alert_id FROM fraud_alerts"
                + " WHERE user_id = ? AND received_at_ms >= ? ORDER BY received_at_ms DESC LIMIT 1")) {
            select.setString(1, userId);
            select.setLong(2, since.toEpochMilli());
            try (ResultSet result = select.executeQuery()) {
                return result.next() ? Optional.of(result.getString(1)) : Optional.empty();
            }
        }
    }

    Optional<OrderView> find(String orderId) throws SQLException {
        List<OrderView> found = query("SELECT * FROM orders WHERE order_id = ?", orderId, 1);
        return found.stream().findFirst();
    }

    List<OrderView> newest(int limit) throws SQLException {
        return query("SELECT * FROM orders ORDER BY placed_at_ms DESC, order_id LIMIT ?", null, limit);
    }

    private List<OrderView> query(String sql, String orderId, int limit) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            if (orderId != null) {
                select.setString(1, orderId);
            } else {
                select.setInt(1, limit);
            }
            List<OrderView> views = new ArrayList<>();
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    views.add(view(result));
                }
            }
            return views;
        }
    }

    private static OrderView view(ResultSet result) throws SQLException {
        return new OrderView(
                result.getString("order_id"),
                result.getString("user_id"),
                result.getString("location"),
                fromJson(result.getString("items")),
                result.getLong("amount_cents"),
                OrderState.valueOf(result.getString("state")),
                result.getString("reason"),
                Instant.ofEpochMilli(result.getLong("placed_at_ms")),
                Instant.ofEpochMilli(result.getLong("updated_at_ms")));
    }

    private static String toJson(List<LineItem> items) {
        try {
            return JSON.writeValueAsString(items);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write items " + items + " as JSON", e);
        }
    }

    private static List<LineItem> fromJson(String items) {
        try {
            return JSON.readValue(items, ITEMS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("orders.items is not a JSON list of items: " + items, e);
        }
    }
}
