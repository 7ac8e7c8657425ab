package io.herald.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} of a running {@code herald server} (in-process, every port free): a rule deployed over HTTP
 * and fed by a real producer shows its figures in Prometheus's text format, next to the JVM's, and leaves it when
 * dropped.
 */
@Timeout(120)
class MetricsIT {

    @TempDir
    static Path dataDir;

    static StartedServer server;
    static String bootstrap;
    static String base;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startServer() {
        server = StartedServer.start(dataDir);
        bootstrap = server.bootstrap();
        base = server.httpBase();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) server.close();
    }

    private static HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(60))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String scrape() throws Exception {
        return call("GET", "/metrics", null).body();
    }

    private static void createTopic(String name) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(name, Optional.of(1), Optional.empty())))
                    .all()
                    .get();
        }
    }

    @Test
    void metricsAreServedInPrometheusTextFormatWithTheJvmFigures() throws Exception {
        HttpResponse<String> response = call("GET", "/metrics", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type.replace(" ", "").toLowerCase())
                        .isEqualTo("text/plain;version=0.0.4;charset=utf-8"));
        assertThat(response.body())
                .contains("# TYPE jvm_memory_used_bytes gauge")
                .containsPattern("(?m)^jvm_threads_live_threads \\d")
                .containsPattern("(?m)^process_uptime_seconds \\d");
    }

    @Test
    void aDeployedRuleCountsTheEventsItReadAndLeavesTheMetricsWhenDropped() throws Exception {
        createTopic("numbers_m");
        HttpResponse<String> deployed = call(
                "PUT",
                "/api/rules/even_m?from=earliest",
                "CREATE RULE even_m FROM numbers_m WHERE n % 2 = 0 SELECT n INTO even_m_out");
        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(201);

        server.produceNumbers("numbers_m", 0, 0, 7);

        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(scrape())
                        .contains("herald_cep_events_in_total{rule=\"even_m\",version=\"1\"} 7.0")
                        .contains("herald_cep_outputs_total{rule=\"even_m\",version=\"1\"} 4.0")
                        .contains("herald_cep_lag_records{rule=\"even_m\",version=\"1\"} 0.0")
                        .contains("herald_cep_running{rule=\"even_m\",version=\"1\"} 1.0"));

        assertThat(call("DELETE", "/api/rules/even_m", null).statusCode()).isEqualTo(200);

        assertThat(scrape()).doesNotContain("rule=\"even_m\"");
    }

    private static double value(String scrape, String series) {
        Matcher m =
                Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        assertThat(m.find()).as(series + " in\n" + scrape).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void theBrokerCountsTopicsAndPartitionsIncludingANewTopic() throws Exception {
        String before = scrape();
        double topics = value(before, "herald_broker_topics");
        double partitions = value(before, "herald_broker_partitions");

        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic("five_partitions_m", Optional.of(5), Optional.empty())))
                    .all()
                    .get();
        }

        String after = scrape();
        assertThat(topics).isGreaterThanOrEqualTo(1); // _herald_rules, at least
        assertThat(value(after, "herald_broker_topics")).isGreaterThanOrEqualTo(topics + 1);
        assertThat(value(after, "herald_broker_partitions")).isGreaterThanOrEqualTo(partitions + 5);
    }

    @Test
    void aPausedRuleReportsThatItDoesNotRunHere() throws Exception {
        createTopic("numbers_p");
        call("PUT", "/api/rules/copy_p", "CREATE RULE copy_p FROM numbers_p SELECT * INTO copy_p_out");

        HttpResponse<String> paused = call("POST", "/api/rules/copy_p/pause", null);

        assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);
        assertThat(scrape())
                .contains("herald_cep_running{rule=\"copy_p\",version=\"1\"} 0.0")
                .doesNotContain("herald_cep_events_in_total{rule=\"copy_p\"");
    }
}
