package io.herald.client;

import java.sql.Connection;

/**
 * A handler whose writes go through the given JDBC connection, inside the transaction that also records the event in
 * the {@link JdbcInbox}: both commit or neither does.
 *
 * @param <T> the event record type
 */
@FunctionalInterface
public interface TransactionalHandler<T> {
    /**
     * Handles one event, writing through {@code connection}. Do not commit, roll back or close it.
     *
     * @throws Exception to roll the transaction back and have the event retried
     */
    void handle(IncomingEvent<T> event, Connection connection) throws Exception;
}
