package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.server.HeraldCli.Result;
import io.herald.server.HeraldCli.Running;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class ServerCommandIT {
    static final Pattern READY = Pattern.compile("herald: Kafka protocol listening on 127\\.0\\.0\\.1:(\\d+) \\(data in"
            + " (\\S+), cluster id \\S+, ready in \\d+ ms\\)");

    @TempDir
    Path dataDir;

    @Test
    void serverPrintsOneReadyLineServesAndStopsCleanlyOnTheStopSignal() throws Exception {
        Running server = HeraldCli.create()
                .withEnvironment(Map.of(
                        "HERALD_PORT",
                        "0",
                        "HERALD_REGISTRY_PORT",
                        "0",
                        "HERALD_HTTP_PORT",
                        "0",
                        "HERALD_DATA_DIR",
                        dataDir.toString()))
                .start("server");
        int port = awaitReadyPort(server);

        Result produced = HeraldCli.create()
                .withEnvironment(Map.of("HERALD_BOOTSTRAP_SERVER", "127.0.0.1:" + port))
                .run("produce", "greetings", "--value", "hello");
        Result stopped = server.stopAndWait(Duration.ofSeconds(60));

        assertThat(produced.exitCode()).as(produced.err()).isZero();
        assertThat(stopped.exitCode()).isZero();
        assertThat(stopped.out().lines().toList()).hasSize(4).last().isEqualTo("herald: stopped");
        assertThat(dataDir.resolve("greetings-0/.herald-clean-shutdown")).exists();
    }

    @Test
    void readyLineNamesTheAbsoluteDataDirectory() throws Exception {
        Running server = HeraldCli.create().startServer(dataDir.toString());
        awaitReadyPort(server);
        Result stopped = server.stopAndWait(Duration.ofSeconds(60));

        Matcher ready = READY.matcher(stopped.out());
        assertThat(ready.find()).isTrue();
        assertThat(ready.group(2)).isEqualTo(dataDir.toAbsolutePath().toString());
    }

    @Test
    void portInUseFailsWithOneLineNamingIt() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            Result result = HeraldCli.create()
                    .run(
                            "server",
                            "--port",
                            Integer.toString(port),
                            "--registry-port",
                            "0",
                            "--http-port",
                            "0",
                            "--data-dir",
                            dataDir.toString());

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.err()).startsWith("herald server: cannot listen on 127.0.0.1:" + port + " (");
            assertThat(result.err().lines()).hasSize(1);
        }
    }

    static int awaitReadyPort(Running server) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> READY.matcher(server.out().toString()).find()
                        || server.exitCode().isDone());
        Matcher ready = READY.matcher(server.out().toString());
        assertThat(ready.find()).as("ready line; stderr: %s", server.err()).isTrue();
        return Integer.parseInt(ready.group(1));
    }
}
