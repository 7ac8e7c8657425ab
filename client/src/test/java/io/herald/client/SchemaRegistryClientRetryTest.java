package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A registry request that gets no answer is sent once more on a new connection (the JDK client loses POSTs on reused
 * connections now and then, and retries only GETs itself). The "registry" here is a socket server that closes the
 * connections it is told to close without answering, as a lost exchange looks to the client.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SchemaRegistryClientRetryTest {

    /** Serves one request per connection: the first {@code silent} connections are closed unanswered. */
    private static final class FlakyRegistry implements AutoCloseable {
        final ServerSocket server;
        final List<String> requests = new CopyOnWriteArrayList<>();
        final Thread thread;

        FlakyRegistry(int silent, String answer) throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            thread = Thread.ofVirtual().start(() -> {
                try {
                    for (int connection = 0; ; connection++) {
                        try (Socket socket = server.accept()) {
                            requests.add(readRequest(socket.getInputStream()));
                            if (connection >= silent) {
                                byte[] body = answer.getBytes(StandardCharsets.UTF_8);
                                OutputStream out = socket.getOutputStream();
                                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.schemaregistry.v1+json\r\n"
                                                + "Connection: close\r\nContent-Length: " + body.length + "\r\n\r\n")
                                        .getBytes(StandardCharsets.US_ASCII));
                                out.write(body);
                                out.flush();
                            }
                        }
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
        }

        String url() {
            return "http://127.0.0.1:" + server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }

        /** The request line, after reading the headers and the body they announce. */
        private static String readRequest(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) break;
                head.append((char) b);
            }
            int length = 0;
            for (String line : head.toString().split("\r\n")) {
                if (line.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            in.readNBytes(length);
            return head.toString().split("\r\n")[0];
        }
    }

    @Test
    void aRegistrationThatGotNoAnswerIsSentOnceMore() throws Exception {
        try (FlakyRegistry registry = new FlakyRegistry(1, "{\"id\":7,\"version\":2}")) {
            RegisteredSchema registered = SchemaRegistryClient.create(registry.url())
                    .register("orders-value", RegistrySchema.json("{\"type\":\"object\"}"), false);

            assertThat(registered.id()).isEqualTo(7);
            assertThat(registered.version()).isEqualTo(2);
            assertThat(registry.requests)
                    .containsExactly(
                            "POST /subjects/orders-value/versions HTTP/1.1",
                            "POST /subjects/orders-value/versions HTTP/1.1");
        }
    }

    @Test
    void aRegistryThatNeverAnswersFailsAfterTheSecondAttemptNamingTheRequest() throws Exception {
        try (FlakyRegistry registry = new FlakyRegistry(Integer.MAX_VALUE, "")) {
            SchemaRegistryClient client = SchemaRegistryClient.create(registry.url());

            assertThatThrownBy(() -> client.lookup("orders-value", RegistrySchema.json("{\"type\":\"object\"}"), false))
                    .isInstanceOf(SchemaRegistryException.class)
                    .hasMessageContaining("did not answer POST /subjects/orders-value")
                    .hasMessageContaining(registry.url());
            assertThat(registry.requests).hasSize(2);
        }
    }
}
