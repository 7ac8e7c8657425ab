package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.herald.server.HeraldCli.Result;
import io.herald.server.HeraldCli.Running;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema registry inside {@code herald server}: registered over its REST API, and enforced by the broker on a
 * topic with {@code confluent.value.schema.validation=true}.
 */
@Timeout(120)
class EmbeddedRegistryIT {
    static final Pattern REGISTRY_READY = Pattern.compile(
            "herald: schema registry listening on http://127\\.0\\.0\\.1:(\\d+) \\(schemas in topic" + " _schemas\\)");

    @TempDir
    Path dataDir;

    @Test
    void aSchemaRegisteredWithTheServersRegistryIsWhatTheBrokerAccepts() throws Exception {
        Running server = HeraldCli.create().startServer(dataDir.toString());
        try {
            int brokerPort = ServerCommandIT.awaitReadyPort(server);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> REGISTRY_READY.matcher(server.out().toString()).find());
            Matcher ready = REGISTRY_READY.matcher(server.out().toString());
            assertThat(ready.find()).isTrue();
            String registry = "http://127.0.0.1:" + ready.group(1);
            HeraldCli cli = HeraldCli.create()
                    .withEnvironment(Map.of(
                            "HERALD_BOOTSTRAP_SERVER",
                            "127.0.0.1:" + brokerPort,
                            "HERALD_SCHEMA_REGISTRY_URL",
                            registry));
            assertThat(cli.run("topics", "create", "readings", "--config", "confluent.value.schema.validation=true")
                            .exitCode())
                    .isZero();

            int id = register(registry, "readings-value", "{\\\"type\\\":\\\"string\\\"}");

            try (var producer = new KafkaProducer<>(
                    Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + brokerPort),
                    new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                assertThat(producer.send(new ProducerRecord<>("readings", framed(id, "\"21.5\"")))
                                .get()
                                .offset())
                        .isZero();
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>("readings", framed(id + 1, "\"x\"")))
                                .get())
                        .hasCauseInstanceOf(InvalidRecordException.class);
            }
        } finally {
            Result stopped = server.stopAndWait(Duration.ofSeconds(60));
            assertThat(stopped.out().lines().toList()).last().isEqualTo("herald: stopped");
        }
    }

    @Test
    void aTakenRegistryPortFailsWithOneLineNamingItAndClosesTheBroker() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            Result result = HeraldCli.create()
                    .run(
                            "server",
                            "--port",
                            "0",
                            "--http-port",
                            "0",
                            "--registry-port",
                            Integer.toString(port),
                            "--data-dir",
                            dataDir.toString());

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.err())
                    .startsWith("herald server: cannot listen on 127.0.0.1:" + port + " for the schema registry")
                    .contains("--registry-port");
            assertThat(result.err().lines()).hasSize(1);
            // the broker it had started was closed cleanly again
            assertThat(dataDir.resolve("_schemas-0/.herald-clean-shutdown")).exists();
        }
    }

    private static int register(String registry, String subject, String escapedSchema) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(registry + "/subjects/" + subject + "/versions"))
                                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"schemaType\":\"JSON\",\"schema\":\"" + escapedSchema + "\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Matcher id = Pattern.compile("\"id\":(\\d+)").matcher(response.body());
        assertThat(id.find()).isTrue();
        return Integer.parseInt(id.group(1));
    }

    private static byte[] framed(int id, String json) {
        byte[] body = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return ByteBuffer.allocate(5 + body.length)
                .put((byte) 0)
                .putInt(id)
                .put(body)
                .array();
    }
}
