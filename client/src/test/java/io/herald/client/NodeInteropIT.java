package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.testkit.HeraldExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The SDK's registry serdes and Confluent's own node client, {@code @confluentinc/schemaregistry} (pinned in {@code
 * src/test/js/package-lock.json}), on the same registry: node reads what the SDK publishes (JSON Schema and Avro), the
 * SDK reads what node writes. node and the scripts' {@code node_modules} must be installed ({@code .ci/run} does
 * both); if not, the test fails.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class NodeInteropIT {
    private static final long NODE_TIMEOUT_SECONDS = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    @RegisterExtension
    static RegistryFixture registry = new RegistryFixture(herald);

    static Path scripts;

    @EventType("OrderPlaced")
    record OrderPlaced(@Key String orderId, long amountCents) {}

    @BeforeAll
    static void findScripts() {
        scripts = Path.of(System.getProperty("basedir", "."))
                .resolve("src/test/js")
                .toAbsolutePath();
        if (!Files.isDirectory(scripts.resolve("node_modules/@confluentinc/schemaregistry"))) {
            fail(
                    "@confluentinc/schemaregistry is not installed in %s: run .ci/run, or `npm ci` in that folder",
                    scripts);
        }
    }

    private static SchemaSerdeConfig config() {
        return SchemaSerdeConfig.forRegistry(registry.url());
    }

    @Test
    void confluentsJsonDeserializerReadsWhatTheSdkPublished() throws Exception {
        herald.herald().createTopic("node-json", 1);
        EventCodec codec = EventCodec.jsonSchema(config(), Upcasters.none());
        try (EventPublisher publisher = EventPublisher.builder()
                .bootstrapServers(herald.bootstrapServers())
                .source("/interop")
                .codec(codec)
                .build()) {
            publisher.publish("node-json", new OrderPlaced("o-1", 4200)).get();
        }

        Map<String, String> out = node("read-json", "node-json", HexFormat.of().formatHex(readRawValue("node-json")));

        assertThat(JSON.readTree(out.get("decoded")))
                .isEqualTo(JSON.readTree("{\"orderId\":\"o-1\",\"amountCents\":4200}"));
    }

    @Test
    void confluentsAvroDeserializerReadsWhatTheSdkPublished() throws Exception {
        herald.herald().createTopic("node-avro", 1);
        SchemaSerdeConfig config = config();
        EventCodec codec = EventCodec.avro(
                SchemaRegistryClient.create(config.registryUrl()), config, EventSchemas.generated(), Upcasters.none());
        try (EventPublisher publisher = EventPublisher.builder()
                .bootstrapServers(herald.bootstrapServers())
                .source("/interop")
                .codec(codec)
                .build()) {
            publisher.publish("node-avro", new OrderPlaced("o-2", 99)).get();
        }

        Map<String, String> out = node("read-avro", "node-avro", HexFormat.of().formatHex(readRawValue("node-avro")));

        assertThat(JSON.readTree(out.get("decoded")))
                .isEqualTo(JSON.readTree("{\"orderId\":\"o-2\",\"amountCents\":99}"));
    }

    @EventType("shop.OrderShipped")
    record OrderShipped(@Key String orderId, Address address, Instant shippedAt) {}

    record Address(String street, String city) {}

    @Test
    void confluentsAvroDeserializerResolvesTheReferencesOfWhatTheSdkPublished() throws Exception {
        herald.herald().createTopic("node-shipments", 1);
        SchemaRegistryClient client = SchemaRegistryClient.create(registry.url());
        RegisteredSchema address = client.register(
                "shop.Address",
                RegistrySchema.avro("{\"type\":\"record\",\"name\":\"Address\",\"namespace\":\"shop\",\"fields\":["
                        + "{\"name\":\"street\",\"type\":\"string\"},{\"name\":\"city\",\"type\":\"string\"}]}"),
                false);
        RegistrySchema shipped = RegistrySchema.avro("{\"type\":\"record\",\"name\":\"OrderShipped\",\"namespace\":"
                        + "\"shop\",\"fields\":[{\"name\":\"orderId\",\"type\":\"string\"},"
                        + "{\"name\":\"address\",\"type\":\"shop.Address\"},"
                        + "{\"name\":\"shippedAt\",\"type\":"
                        + "{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}}]}")
                .withReferences(List.of(new SchemaReference("shop.Address", "shop.Address", address.version())));
        SchemaSerdeConfig config = config();
        EventCodec codec = EventCodec.avro(
                client,
                config,
                EventSchemas.builder().schema("shop.OrderShipped", 1, shipped).build(),
                Upcasters.none());
        try (EventPublisher publisher = EventPublisher.builder()
                .bootstrapServers(herald.bootstrapServers())
                .source("/interop")
                .codec(codec)
                .build()) {
            publisher
                    .publish(
                            "node-shipments",
                            new OrderShipped(
                                    "o-4",
                                    new Address("1 Quay St", "Leith"),
                                    Instant.parse("2026-11-30T10:15:30.123Z")))
                    .get();
        }

        Map<String, String> out =
                node("read-avro", "node-shipments", HexFormat.of().formatHex(readRawValue("node-shipments")));

        // the node client gives the timestamp's underlying long: its epoch milliseconds
        assertThat(JSON.readTree(out.get("decoded")))
                .isEqualTo(JSON.readTree("{\"orderId\":\"o-4\",\"address\":{\"street\":\"1 Quay St\",\"city\":"
                        + "\"Leith\"},\"shippedAt\":"
                        + Instant.parse("2026-11-30T10:15:30.123Z").toEpochMilli() + "}"));
    }

    @Test
    void theSdkReadsWhatConfluentsJsonSerializerWrote() throws Exception {
        Map<String, String> out = node(
                "write-json",
                "node-written",
                JsonSchemaGenerator.schemaTextOf(OrderPlaced.class),
                "{\"orderId\":\"o-3\",\"amountCents\":7}");
        byte[] bytes = HexFormat.of().parseHex(out.get("bytes"));

        OrderPlaced read = EventCodec.jsonSchema(config(), Upcasters.none()).decode(bytes, 1, OrderPlaced.class);

        assertThat(read).isEqualTo(new OrderPlaced("o-3", 7));
    }

    private static byte[] readRawValue(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                herald.herald().consumerProperties(), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            List<byte[]> values = new CopyOnWriteArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
                return !values.isEmpty();
            });
            return values.getFirst();
        }
    }

    /** Runs the script with the registry's URL and these arguments; its "key value" lines as a map. */
    private static Map<String, String> node(String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("node", "sdk-interop.js", registry.url()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command)
                .directory(scripts.toFile())
                .redirectErrorStream(true)
                .start();
        boolean exited = process.waitFor(NODE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!exited) process.destroyForcibly();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(exited)
                .as("node %s finished within %d s: %s", arguments[0], NODE_TIMEOUT_SECONDS, output)
                .isTrue();
        assertThat(process.exitValue()).as("node %s: %s", arguments[0], output).isZero();
        Map<String, String> results = new LinkedHashMap<>();
        output.lines().filter(line -> line.contains(" ")).forEach(line -> {
            int space = line.indexOf(' ');
            results.put(line.substring(0, space), line.substring(space + 1));
        });
        return results;
    }
}
