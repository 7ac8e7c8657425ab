package io.herald.client;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * An idempotent consumer: a table of the event ids a consumer has handled, written in the same transaction as the
 * handler's own writes, so a redelivered event (at-least-once delivery) has no second effect.
 *
 * <pre>{@code
 * JdbcInbox inbox = new JdbcInbox(dataSource, "herald_inbox", Clock.systemUTC());
 * inbox.createTableIfMissing();
 * subscriber.on(OrderPlaced.class, inbox.idempotent("billing", (event, connection) -> {
 *     try (var insert = connection.prepareStatement("INSERT INTO invoices ...")) { ... }
 * }));
 * }</pre>
 *
 * <p>How: in one transaction, insert {@code (consumer, event id)}, then run the handler; commit both. If the row is
 * there already, the event was handled: roll back and return. Two deliveries of one event at the same time (possible
 * for a moment after a rebalance) serialize on the primary key: the second waits and then finds the row. Table:
 * {@code consumer VARCHAR(255), event_id VARCHAR(255), handled_at TIMESTAMP, PRIMARY KEY (consumer, event_id)}.
 *
 * <p>Use it when the handler's effect is not naturally idempotent (an insert, an increment, a payment) and lives in the
 * same database. A handler that only sets state to a value ("status = SHIPPED") or calls an API with an idempotency key
 * does not need it. Ids older than the longest redelivery window can be removed with {@link #deleteHandledBefore}.
 * Thread-safe: each call takes its own connection.
 */
public final class JdbcInbox {
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private final DataSource dataSource;
    private final String table;
    private final Clock clock;

    /**
     * @param dataSource the service's database
     * @param table the inbox table's name (letters, digits, underscores)
     * @param clock the clock of {@code handled_at}
     * @throws IllegalArgumentException if the table name is not a plain SQL identifier
     */
    public JdbcInbox(DataSource dataSource, String table, Clock clock) {
        if (!TABLE_NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("inbox table name must be a plain SQL identifier, was '" + table + "'");
        }
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.table = table;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Creates the table if it does not exist (H2, PostgreSQL and most SQL databases). */
    public void createTableIfMissing() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + table + " (consumer VARCHAR(255) NOT NULL,"
                    + " event_id VARCHAR(255) NOT NULL, handled_at TIMESTAMP NOT NULL,"
                    + " PRIMARY KEY (consumer, event_id))");
        }
    }

    /**
     * Wraps {@code handler} so that each event id has its effect once for {@code consumer}.
     *
     * @param consumer names the consumer in the table; normally its group id
     * @param handler the handler, writing through the connection it is given
     */
    public <T> EventHandler<T> idempotent(String consumer, TransactionalHandler<T> handler) {
        Objects.requireNonNull(consumer, "consumer");
        Objects.requireNonNull(handler, "handler");
        return event -> handleOnce(consumer, event, handler);
    }

    private <T> void handleOnce(String consumer, IncomingEvent<T> event, TransactionalHandler<T> handler)
            throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                if (!record(connection, consumer, event.id())) {
                    connection.rollback();
                    return; // handled before: the redelivery has no effect
                }
                handler.handle(event, connection);
                connection.commit();
            } catch (Exception | Error e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    // true if the row is new; false if the event was handled already
    private boolean record(Connection connection, String consumer, String eventId) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO " + table + " (consumer, event_id, handled_at) VALUES (?, ?, ?)")) {
            insert.setString(1, consumer);
            insert.setString(2, eventId);
            insert.setTimestamp(3, Timestamp.from(clock.instant()));
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    // SQLSTATE class 23 is an integrity constraint violation; 23505 (unique) in H2 and PostgreSQL
    private static boolean isUniqueViolation(SQLException e) {
        return e instanceof java.sql.SQLIntegrityConstraintViolationException
                || (e.getSQLState() != null && e.getSQLState().startsWith("23"));
    }

    /**
     * Whether {@code consumer} has handled {@code eventId}.
     *
     * @throws SQLException if the query fails
     */
    public boolean handled(String consumer, String eventId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT 1 FROM " + table + " WHERE consumer = ? AND event_id = ?")) {
            select.setString(1, consumer);
            select.setString(2, eventId);
            try (var result = select.executeQuery()) {
                return result.next();
            }
        }
    }

    /**
     * Deletes the ids handled more than {@code age} ago: events redelivered after that would have an effect again, so
     * keep the age above the longest redelivery window (retention of the topic, for a replay from the beginning).
     *
     * @return how many ids were deleted
     */
    public int deleteHandledBefore(Duration age) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete =
                        connection.prepareStatement("DELETE FROM " + table + " WHERE handled_at < ?")) {
            delete.setTimestamp(1, Timestamp.from(clock.instant().minus(age)));
            return delete.executeUpdate();
        }
    }
}
