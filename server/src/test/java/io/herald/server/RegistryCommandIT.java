package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.server.HeraldCli.Result;
import io.herald.server.HeraldCli.Running;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class RegistryCommandIT {
    static final Pattern READY =
            Pattern.compile("herald: schema registry listening on http://127\\.0\\.0\\.1:(\\d+) \\(schemas in topic"
                    + " _schemas of 127\\.0\\.0\\.1:\\d+\\)");

    @TempDir
    Path dataDir;

    @Test
    void registryRunsAgainstABrokerServesAndStopsOnTheStopSignal() throws Exception {
        Running server = HeraldCli.create().startServer(dataDir.toString());
        int brokerPort = ServerCommandIT.awaitReadyPort(server);
        Running registry =
                HeraldCli.create().start("registry", "--bootstrap-server", "127.0.0.1:" + brokerPort, "--port", "0");
        try {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> READY.matcher(registry.out().toString()).find()
                            || registry.exitCode().isDone());
            Matcher ready = READY.matcher(registry.out().toString());
            assertThat(ready.find()).as(registry.err().toString()).isTrue();

            HttpResponse<String> registered = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ready.group(1)
                                            + "/subjects/greetings-value/versions"))
                                    .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"schema\":\"\\\"string\\\"\"}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());

            assertThat(registered.statusCode()).isEqualTo(200);
            assertThat(registered.body()).startsWith("{\"id\":1,\"version\":1");
        } finally {
            Result stopped = registry.stopAndWait(Duration.ofSeconds(60));
            server.stopAndWait(Duration.ofSeconds(60));
            assertThat(stopped.exitCode()).isZero();
            assertThat(stopped.out().lines().toList()).last().isEqualTo("herald: stopped");
        }
    }

    @Test
    void anUnreachableClusterFailsWithOneLine() {
        Result result = HeraldCli.create()
                .run(
                        "registry",
                        "--bootstrap-server",
                        "127.0.0.1:1",
                        "--port",
                        "0",
                        "--set",
                        "kafkastore.timeout.ms=1500");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("herald registry: ").contains("127.0.0.1:1");
        assertThat(result.err().lines()).hasSize(1);
    }

    @Test
    void aBadCompatibilityLevelIsABadOption() {
        Result result =
                HeraldCli.create().run("registry", "--port", "0", "--set", "schema.compatibility.level=SIDEWAYS");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("SIDEWAYS");
    }
}
