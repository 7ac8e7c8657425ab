package io.herald.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/herald demo} as a user runs it: the script starts {@code herald server} and the order system on free ports
 * with a temporary data dir; the test waits for the page, places an order over HTTP and sees it settle, finds the fraud
 * rule listed (running) by the server's {@code GET /api/rules}, then sends the script SIGTERM and checks that the
 * processes it started have ended.
 *
 * <p>It runs what is built ({@code HERALD_NO_BUILD} for the server's {@code target/herald-server.jar}, {@code
 * ORDERS_DEMO_CLASSPATH} for the order system: this test's class path), so the script's own Maven build step is not
 * exercised here. About 30-40 s on a busy 2-core machine.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class OrdersDemoScriptIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SETTLED = Set.of("CONFIRMED", "CANCELLED", "REJECTED", "HELD");

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process script;
    private final List<ProcessHandle> started = new ArrayList<>();

    @TempDir
    Path data;

    @AfterEach
    void stopWhatIsLeft() {
        started.forEach(ProcessHandle::destroyForcibly);
        if (script != null) script.destroyForcibly();
    }

    @Test
    void demoRunsTheServerAndTheOrderSystemWithTheRuleOnTheServerAndStopsBothOnSigterm() throws Exception {
        Path repository = Path.of(System.getProperty("basedir", "."))
                .toAbsolutePath()
                .resolve("../..")
                .normalize();
        Path serverJar = repository.resolve("server/target/herald-server.jar");
        if (!Files.isRegularFile(serverJar)) {
            fail("%s is missing: build the server first (mvn -pl server -am package)", serverJar);
        }
        int pagePort = freePort();
        int kafkaPort = freePort();
        int httpPort = freePort();
        int registryPort = freePort();
        Path output = data.resolve("demo.out");
        ProcessBuilder builder = new ProcessBuilder(
                        repository.resolve("bin/herald").toString(),
                        "demo",
                        "--page-port",
                        Integer.toString(pagePort),
                        "--kafka-port",
                        Integer.toString(kafkaPort),
                        "--http-port",
                        Integer.toString(httpPort),
                        "--registry-port",
                        Integer.toString(registryPort),
                        "--data",
                        data.resolve("demo").toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("HERALD_NO_BUILD", "1");
        builder.environment().put("ORDERS_DEMO_CLASSPATH", testClassPath());
        script = builder.start();

        String page = "http://127.0.0.1:" + pagePort;
        await("the page at " + page + " (script output in " + output + ")")
                .atMost(Duration.ofSeconds(150))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> {
                    assertThat(script.isAlive())
                            .as("the script is running: %s", Files.readString(output))
                            .isTrue();
                    return get(page + "/").statusCode() == 200
                            && Files.readString(output).contains("the order page: http://localhost:" + pagePort + "/");
                });
        started.addAll(script.descendants().toList());
        assertThat(get(page + "/").body()).contains("<html");

        HttpResponse<String> placed = post(
                page + "/api/orders",
                "{\"userId\":\"demo-user\",\"location\":\"Oslo\",\"items\":[{\"sku\":\"sku-mug\",\"quantity\":1}]}");
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);
        String orderId = JSON.readTree(placed.body()).path("orderId").asText();
        AtomicReference<JsonNode> order = new AtomicReference<>();
        await("order " + orderId + " settled")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    order.set(JSON.readTree(get(page + "/api/orders/" + orderId).body()));
                    return SETTLED.contains(order.get().path("state").asText());
                });
        // a decline (the demo's 10% failure rate) is settled too, with its reason
        if (!order.get().path("state").asText().equals("CONFIRMED")) {
            assertThat(order.get().path("reason").asText()).isNotBlank();
        }

        JsonNode rules =
                JSON.readTree(get("http://127.0.0.1:" + httpPort + "/api/rules").body());
        assertThat(rules).anySatisfy(rule -> {
            assertThat(rule.path("name").asText()).isEqualTo("FraudSuspected");
            assertThat(rule.path("state").asText()).isEqualTo("RUNNING");
            assertThat(rule.path("runningHere").asBoolean()).isTrue();
            assertThat(rule.path("inputs").toString()).contains("orders");
        });
        assertThat(Files.readString(output)).contains("rule FraudSuspected");

        List<ProcessHandle> children = script.descendants().toList();
        assertThat(children).as("the server's and the order system's JVMs").hasSizeGreaterThanOrEqualTo(2);
        script.destroy(); // SIGTERM
        assertThat(script.waitFor(60, TimeUnit.SECONDS)).as("the script ended").isTrue();
        await("every process the script started ended")
                .atMost(Duration.ofSeconds(60))
                .until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
    }

    private static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> post(String url, String body) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
