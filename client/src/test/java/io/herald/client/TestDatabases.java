package io.herald.client;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The databases the inbox and outbox tests run on: H2 in memory, and a real PostgreSQL server started once per test
 * JVM from the machine's own binaries ({@code /usr/lib/postgresql/<version>/bin}: Debian's {@code postgresql}
 * package, which {@code .ci/run} installs). PostgreSQL refuses to run as root, so under root the server runs as the
 * {@code postgres} user. It listens on 127.0.0.1 and a free port, with fsync off; a shutdown hook stops it and removes
 * its files.
 */
final class TestDatabases {
    private static PostgresServer postgres;
    private static int postgresDatabases;

    private TestDatabases() {}

    /**
     * A fresh, empty database on {@code kind} ({@code h2} or {@code postgresql}); {@code name} names the H2 one
     * (PostgreSQL's are numbered: its names are limited to 63 characters).
     */
    static synchronized DataSource create(String kind, String name) throws SQLException {
        return switch (kind) {
            case "h2" -> {
                JdbcDataSource h2 = new JdbcDataSource();
                h2.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
                yield h2;
            }
            case "postgresql" -> postgres().createDatabase("herald_test_" + (++postgresDatabases));
            default -> throw new IllegalArgumentException("no test database " + kind);
        };
    }

    private static synchronized PostgresServer postgres() {
        if (postgres == null) postgres = PostgresServer.start();
        return postgres;
    }

    private record PostgresServer(int port) {
        private static final String USER = "herald";

        static PostgresServer start() {
            Path bin = binaries();
            try {
                Path base = Files.createTempDirectory("herald-pg");
                List<String> asPostgres = new ArrayList<>();
                if ("root".equals(System.getProperty("user.name"))) {
                    run(List.of("chown", "postgres", base.toString()));
                    asPostgres.addAll(List.of("runuser", "-u", "postgres", "--"));
                }
                Path data = base.resolve("data");
                int port;
                try (ServerSocket socket = new ServerSocket(0)) {
                    port = socket.getLocalPort();
                }
                run(concat(
                        asPostgres,
                        bin.resolve("initdb").toString(),
                        "-D",
                        data.toString(),
                        "-U",
                        USER,
                        "--auth=trust",
                        "-E",
                        "UTF8",
                        "--no-sync"));
                run(concat(
                        asPostgres,
                        bin.resolve("pg_ctl").toString(),
                        "-D",
                        data.toString(),
                        "-w",
                        "-l",
                        base.resolve("server.log").toString(),
                        "-o",
                        "-p " + port + " -k " + base + " -c listen_addresses=127.0.0.1 -c fsync=off",
                        "start"));
                List<String> stop = concat(
                        asPostgres, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "stop");
                Runtime.getRuntime()
                        .addShutdownHook(new Thread(
                                () -> {
                                    try {
                                        run(stop);
                                        try (Stream<Path> files = Files.walk(base)) {
                                            files.sorted(Comparator.reverseOrder())
                                                    .forEach(f -> f.toFile().delete());
                                        }
                                    } catch (IOException | InterruptedException e) {
                                        // the JVM is ending; nothing else to do
                                    }
                                },
                                "herald-test-postgres-stop"));
                return new PostgresServer(port);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("could not start PostgreSQL from " + bin + ": " + e, e);
            }
        }

        DataSource createDatabase(String name) throws SQLException {
            try (Connection admin = DriverManager.getConnection(url("postgres"), USER, "")) {
                admin.createStatement().execute("CREATE DATABASE " + name);
            }
            PGSimpleDataSource database = new PGSimpleDataSource();
            database.setURL(url(name));
            database.setUser(USER);
            return database;
        }

        private String url(String database) {
            return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
        }

        /** The newest {@code /usr/lib/postgresql/<version>/bin} with initdb. */
        private static Path binaries() {
            Path root = Path.of("/usr/lib/postgresql");
            try (Stream<Path> versions = Files.isDirectory(root) ? Files.list(root) : Stream.empty()) {
                return versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparing(b ->
                                Integer.parseInt(b.getParent().getFileName().toString())))
                        .orElseGet(() -> fail("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb):"
                                + " apt-get install postgresql, or run .ci/run, which does"));
            } catch (IOException e) {
                throw new IllegalStateException("cannot list " + root + ": " + e, e);
            }
        }

        private static List<String> concat(List<String> prefix, String... command) {
            List<String> all = new ArrayList<>(prefix);
            all.addAll(List.of(command));
            return all;
        }

        private static void run(List<String> command) throws IOException, InterruptedException {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            boolean exited = process.waitFor(60, TimeUnit.SECONDS);
            String output = new String(process.getInputStream().readAllBytes());
            if (!exited || process.exitValue() != 0) {
                if (!exited) process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
        }
    }
}
