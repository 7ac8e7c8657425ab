package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.herald.testkit.HeraldExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HTTP basic authentication, as Confluent Cloud's registry asks for it: the real Herald registry behind a proxy (the
 * JDK's HTTP server) that answers 401 unless the request carries the expected credentials.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SchemaRegistryClientAuthIT {
    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    @RegisterExtension
    static RegistryFixture registry = new RegistryFixture(herald);

    static final String USER_INFO = "svc-orders:s3cr:et";
    static final RegistrySchema ITEM = RegistrySchema.json("{\"title\":\"Item\",\"type\":\"object\"}");

    private final HttpClient forward = HttpClient.newHttpClient();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private HttpServer proxy;

    @BeforeEach
    void startProxy() throws IOException {
        proxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        proxy.createContext("/", this::authenticateAndForward);
        proxy.start();
    }

    @AfterEach
    void stopProxy() {
        proxy.stop(0);
    }

    @Test
    void userInfoCredentialsAreSentWithEveryRequest() {
        SchemaRegistryClient client = SchemaRegistryClient.fromProperties(Map.of(
                "schema.registry.url",
                proxyUrl(),
                "basic.auth.credentials.source",
                "USER_INFO",
                "basic.auth.user.info",
                USER_INFO));

        RegisteredSchema registered = client.register("auth-Item", ITEM, false);

        assertThat(SchemaRegistryClient.fromProperties(
                                Map.of("schema.registry.url", proxyUrl(), "basic.auth.user.info", USER_INFO))
                        .schemaById(registered.id()))
                .isEqualTo(ITEM);
        assertThat(authorizations).hasSize(2).allMatch(expectedAuthorization()::equals);
    }

    @Test
    void credentialsInTheUrlAreSentAsBasicAuthAndNotShownInMessages() {
        String url = proxyUrl().replace("http://", "http://svc-orders:s3cr%3Aet@");
        SchemaRegistryClient client = SchemaRegistryClient.fromProperties(
                Map.of("schema.registry.url", url, "basic.auth.credentials.source", "URL"));

        assertThat(client.register("url-auth-Item", ITEM, false).version()).isEqualTo(1);
        assertThat(client.url()).isEqualTo(proxyUrl());
        assertThat(authorizations).containsExactly(expectedAuthorization());
    }

    @Test
    void missingOrWrongCredentialsAre401WithTheAdvice() {
        assertThatThrownBy(() -> SchemaRegistryClient.create(proxyUrl()).schemaById(1))
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(40101))
                .hasMessageContaining("HTTP 401")
                .hasMessageContaining(
                        "check basic.auth.credentials.source and basic.auth.user.info (no credentials" + " were sent)");
        assertThatThrownBy(() -> SchemaRegistryClient.fromProperties(
                                Map.of("schema.registry.url", proxyUrl(), "basic.auth.user.info", "svc-orders:wrong"))
                        .schemaById(1))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("HTTP 401")
                .hasMessageNotContaining("no credentials were sent");
    }

    private String proxyUrl() {
        return "http://127.0.0.1:" + proxy.getAddress().getPort();
    }

    private static String expectedAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString(USER_INFO.getBytes(StandardCharsets.UTF_8));
    }

    private void authenticateAndForward(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        int status;
        byte[] body;
        if (!expectedAuthorization().equals(authorization)) {
            status = 401;
            body = "{\"error_code\":40101,\"message\":\"Unauthorized\"}".getBytes(StandardCharsets.UTF_8);
        } else {
            authorizations.add(authorization);
            byte[] requestBody = exchange.getRequestBody().readAllBytes();
            HttpRequest request = HttpRequest.newBuilder(URI.create(registry.url() + exchange.getRequestURI()))
                    .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .method(
                            exchange.getRequestMethod(),
                            requestBody.length == 0
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(requestBody))
                    .build();
            try {
                HttpResponse<byte[]> response = forward.send(request, HttpResponse.BodyHandlers.ofByteArray());
                status = response.statusCode();
                body = response.body();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
