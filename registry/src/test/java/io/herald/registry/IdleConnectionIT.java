package io.herald.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.testkit.HeraldExtension;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How long the registry keeps an idle keep-alive connection ({@code idle.timeout.ms}): longer than the clients do, so
 * that a client never sends a request on a connection the server is closing at the same moment (Jetty's 30 s equals
 * the JDK HttpClient's keep-alive).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IdleConnectionIT {

    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    @Test
    void theDefaultKeepsIdleConnectionsLongerThanCommonClientKeepAlives() {
        RegistryConfig config = RegistryConfig.fromProperties(Map.of("kafkastore.bootstrap.servers", "localhost:9092"));

        // JDK HttpClient 30 s, Go's net/http 90 s, curl 118 s
        assertThat(config.idleTimeout()).isGreaterThan(Duration.ofSeconds(118));
    }

    @Test
    void anIdleConnectionStaysOpenUntilTheConfiguredIdleTimeout() throws Exception {
        RegistryConfig config = RegistryConfig.fromProperties(Map.of(
                "kafkastore.bootstrap.servers", herald.bootstrapServers(),
                "listeners", "http://127.0.0.1:0",
                "idle.timeout.ms", "1500"));
        try (SchemaRegistry registry = SchemaRegistry.start(config);
                Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", registry.port()));
            socket.getOutputStream()
                    .write("GET /subjects HTTP/1.1\r\nHost: registry\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readAvailable(socket, 5_000)).startsWith("HTTP/1.1 200");

            // still open a while after the answer: the server does not close a connection right after a request
            assertThat(readAvailable(socket, 500)).isEmpty();
            // then closed by the server (end of stream), long before Jetty's default 30 s would have done it
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> readAvailable(socket, 200).equals("<end of stream>"));
        }
    }

    /** What arrives within {@code millis}: "" when nothing does, {@code <end of stream>} when the server closed. */
    private static String readAvailable(Socket socket, int millis) throws IOException {
        byte[] buffer = new byte[8192];
        socket.setSoTimeout(millis);
        try {
            int n = socket.getInputStream().read(buffer);
            return n < 0 ? "<end of stream>" : new String(buffer, 0, n, StandardCharsets.US_ASCII);
        } catch (SocketTimeoutException e) {
            return "";
        }
    }
}
