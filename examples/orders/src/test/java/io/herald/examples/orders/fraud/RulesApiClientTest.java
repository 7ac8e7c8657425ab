package io.herald.examples.orders.fraud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link RulesApiClient} over real HTTP against a small server that records the request and answers as the Herald
 * server's rules API does ({@code OrdersDemoScriptIT} deploys through the real server).
 */
@Timeout(30)
class RulesApiClientTest {
    private final HttpServer server = startServer();
    private final AtomicReference<String> request = new AtomicReference<>();
    private volatile int status = 201;
    private volatile String answer = "{\"result\":\"created\"}";

    private HttpServer startServer() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.createContext("/api/rules/", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                request.set(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " by "
                        + exchange.getRequestHeaders().getFirst("X-Herald-User") + "\n" + body);
                byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            http.start();
            return http;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void deploysTheTextWithPutUnderTheRulesNameAndStartPoint() throws Exception {
        String reply = new RulesApiClient(url()).deploy(FraudRule.NAME, FraudRule.text(), "earliest", "order-system");

        assertThat(reply).isEqualTo("{\"result\":\"created\"}");
        assertThat(request.get())
                .isEqualTo("PUT /api/rules/FraudSuspected?from=earliest by order-system\n" + FraudRule.text());
    }

    @Test
    void aRefusedRuleFailsWithTheServersAnswer() {
        status = 422;
        answer = "{\"error\":\"input topic orders is missing\"}";

        assertThatThrownBy(() -> new RulesApiClient(url()).deploy("FraudSuspected", "CREATE RULE ...", "now", "me"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("refused rule FraudSuspected")
                .hasMessageContaining("HTTP 422")
                .hasMessageContaining("input topic orders is missing");
    }

    @Test
    void anUnreachableServerIsNamedWithTheFix() throws Exception {
        URI nobody = url();
        server.stop(0);

        assertThatThrownBy(() -> new RulesApiClient(nobody).deploy("FraudSuspected", "CREATE RULE ...", "now", "me"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(nobody.toString())
                .hasMessageContaining("--http-port");
    }
}
