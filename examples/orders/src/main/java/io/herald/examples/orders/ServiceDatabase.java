package io.herald.examples.orders;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * One service's own embedded database: an H2 file under {@code <dataDir>/<service>/}, reached through a small
 * connection pool. No other service opens it; they learn its data only from events. Thread-safe.
 */
public final class ServiceDatabase implements AutoCloseable {
    // lock waits are long enough for a hot stock row under load; the subscriber retries a handler that still times out
    private static final String OPTIONS = ";LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE";
    private static final int MAX_CONNECTIONS = 32;

    private final JdbcConnectionPool pool;
    private final Path folder;

    private ServiceDatabase(JdbcConnectionPool pool, Path folder) {
        this.pool = pool;
        this.folder = folder;
    }

    /** Opens (creating if needed) the database of {@code service} under {@code dataDir}. */
    public static ServiceDatabase open(Path dataDir, String service) {
        Path folder = dataDir.resolve(service).toAbsolutePath();
        JdbcConnectionPool pool =
                JdbcConnectionPool.create("jdbc:h2:file:" + folder.resolve(service) + OPTIONS, "sa", "");
        pool.setMaxConnections(MAX_CONNECTIONS);
        return new ServiceDatabase(pool, folder);
    }

    /** The pool, for the SDK's inbox and outbox and the service's own queries. */
    public DataSource dataSource() {
        return pool;
    }

    /** The folder that holds the database files. */
    public Path folder() {
        return folder;
    }

    /** Runs DDL statements (each {@code CREATE ... IF NOT EXISTS}), in order. */
    public void createSchema(String... statements) throws SQLException {
        try (Connection connection = pool.getConnection();
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /** Closes the pool and the database (H2 closes a file database with its last connection). */
    @Override
    public void close() {
        try (Connection connection = pool.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        } catch (SQLException e) {
            // already closed: nothing to release
        }
        pool.dispose();
    }
}
