package io.herald.registry.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A forwarded write that got no answer is sent once more, unless it is a delete. The "writer" is a socket server
 * that closes the first connections unanswered, as an exchange lost in the JDK client's pool looks to the sender.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WriterClientTest {

    private static final byte[] BODY = "{\"schema\":\"\\\"int\\\"\"}".getBytes(StandardCharsets.UTF_8);

    /** Serves one request per connection: the first {@code silent} connections are closed unanswered. */
    private static final class FlakyWriter implements AutoCloseable {
        final ServerSocket server;
        final List<String> requests = new CopyOnWriteArrayList<>();
        final CountDownLatch release = new CountDownLatch(1);

        /** @param hold whether an answered connection waits for {@link #release} before answering */
        FlakyWriter(int silent, String answer, boolean hold) throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                try {
                    for (int connection = 0; ; connection++) {
                        try (Socket socket = server.accept()) {
                            requests.add(readRequest(socket.getInputStream()));
                            if (connection >= silent) {
                                if (hold) {
                                    release.await();
                                }
                                answer(socket.getOutputStream(), answer);
                            }
                        }
                    }
                } catch (IOException | InterruptedException closed) {
                    // the test is over
                }
            });
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + server.getLocalPort() + path);
        }

        @Override
        public void close() throws IOException {
            release.countDown();
            server.close();
        }

        private static void answer(OutputStream out, String answer) throws IOException {
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.schemaregistry.v1+json\r\n"
                            + "Connection: close\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
        }

        /** The request line, after reading the headers and the body they announce. */
        private static String readRequest(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
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

    private static WriterClient client() {
        return new WriterClient(Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    @Test
    void aRegistrationThatGotNoAnswerIsSentOnceMore() throws Exception {
        try (FlakyWriter writer = new FlakyWriter(1, "{\"id\":3}", false)) {
            HttpResponse<byte[]> response =
                    client().send(writer.uri("/subjects/s/versions"), "POST", Exchange.CONTENT_TYPE, BODY);

            assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":3}");
            assertThat(writer.requests)
                    .containsExactly("POST /subjects/s/versions HTTP/1.1", "POST /subjects/s/versions HTTP/1.1");
        }
    }

    @Test
    void aConfigPutThatGotNoAnswerIsSentOnceMore() throws Exception {
        try (FlakyWriter writer = new FlakyWriter(1, "{\"compatibility\":\"FULL\"}", false)) {
            HttpResponse<byte[]> response = client().send(
                            writer.uri("/config/s"),
                            "PUT",
                            Exchange.CONTENT_TYPE,
                            "{\"compatibility\":\"FULL\"}".getBytes(StandardCharsets.UTF_8));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(writer.requests).containsExactly("PUT /config/s HTTP/1.1", "PUT /config/s HTTP/1.1");
        }
    }

    @Test
    void aDeleteThatGotNoAnswerIsNotSentAgainAndAnswers50003() throws Exception {
        try (FlakyWriter writer = new FlakyWriter(1, "1", false)) {
            WriterClient client = client();

            assertThatThrownBy(() -> client.send(
                            writer.uri("/subjects/s/versions/latest"), "DELETE", Exchange.CONTENT_TYPE, new byte[0]))
                    .isInstanceOfSatisfying(
                            RegistryException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(50003))
                    .hasMessageContaining("DELETE " + writer.uri("/subjects/s/versions/latest"))
                    .hasMessageContaining("not sent again");
            assertThat(writer.requests).containsExactly("DELETE /subjects/s/versions/latest HTTP/1.1");
        }
    }

    @Test
    void aWriterThatNeverAnswersIs50003AfterTheSecondAttempt() throws Exception {
        try (FlakyWriter writer = new FlakyWriter(Integer.MAX_VALUE, "", false)) {
            WriterClient client = client();

            assertThatThrownBy(
                            () -> client.send(writer.uri("/subjects/s/versions"), "POST", Exchange.CONTENT_TYPE, BODY))
                    .isInstanceOfSatisfying(
                            RegistryException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(50003))
                    .hasMessageContaining("twice");
            assertThat(writer.requests).hasSize(2);
        }
    }

    @Test
    void aWriterThatIsSlowIsNotAskedTwice() throws Exception {
        try (FlakyWriter writer = new FlakyWriter(0, "{\"id\":3}", true)) {
            WriterClient client = new WriterClient(Duration.ofSeconds(5), Duration.ofMillis(300));

            assertThatThrownBy(
                            () -> client.send(writer.uri("/subjects/s/versions"), "POST", Exchange.CONTENT_TYPE, BODY))
                    .isInstanceOfSatisfying(
                            RegistryException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(50003))
                    .hasMessageNotContaining("twice");
            assertThat(writer.requests).hasSize(1);
        }
    }
}
