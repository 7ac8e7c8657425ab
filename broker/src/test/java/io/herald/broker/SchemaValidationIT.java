package io.herald.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broker-side schema validation (Confluent Server's {@code confluent.value.schema.validation}) seen through the Kafka
 * Java producer. Schemas are registered the way every registry stores them: Confluent-format records in the {@code
 * _schemas} topic of this broker.
 */
@Timeout(60)
class SchemaValidationIT {
    private static final String AVRO_ORDER =
            "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"com.acme\",\"fields\":[]}";

    @TempDir
    Path dataDir;

    Broker broker;
    KafkaProducer<String, String> registry;

    @BeforeEach
    void start() {
        broker = Broker.start(BrokerConfig.fromProperties(Map.of("listeners", "PLAINTEXT://127.0.0.1:0"))
                .withDataDir(dataDir));
        broker.topics().create("_schemas", 1, (short) 1, Map.of("cleanup.policy", "compact"), false);
        registry = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(),
                new StringSerializer());
    }

    @AfterEach
    void stop() {
        if (registry != null) registry.close();
        broker.close();
    }

    @Test
    void aValueWithARegisteredIdLands() throws Exception {
        validatedTopic("orders", Map.of());
        register("orders-value", 1, 7, "AVRO", AVRO_ORDER);

        try (var producer = producer(Map.of())) {
            RecordMetadata sent = producer.send(new ProducerRecord<>("orders", framed(7, "order-1")))
                    .get();

            assertThat(sent.offset()).isZero();
        }
    }

    @Test
    void aBatchWithOneUnknownIdIsRefusedWholeAndNothingOfItIsAppended() throws Exception {
        validatedTopic("orders", Map.of());
        register("orders-value", 1, 7, "AVRO", AVRO_ORDER);

        try (var producer = producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, "200"))) {
            Future<RecordMetadata> good = producer.send(new ProducerRecord<>("orders", 0, null, framed(7, "ok")));
            Future<RecordMetadata> bad = producer.send(new ProducerRecord<>("orders", 0, null, framed(99, "bad")));
            producer.flush();

            assertThatThrownBy(bad::get)
                    .hasCauseInstanceOf(InvalidRecordException.class)
                    .hasMessageContaining("record 1 of the batch")
                    .hasMessageContaining("schema id 99, which no subject has");
            assertThatThrownBy(good::get).isInstanceOf(ExecutionException.class);
        }
        assertThat(endOffset("orders")).isZero();
    }

    @Test
    void aValueWithoutTheMagicByteIsRefused() {
        validatedTopic("orders", Map.of());

        try (var producer = producer(Map.of())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("orders", "plain json".getBytes()))
                            .get())
                    .hasCauseInstanceOf(InvalidRecordException.class)
                    .hasMessageContaining("does not start with the schema registry wire format");
        }
    }

    @Test
    void anIdRegisteredOnlyUnderAnotherSubjectIsRefused() {
        validatedTopic("orders", Map.of());
        register("payments-value", 1, 8, "AVRO", AVRO_ORDER);

        try (var producer = producer(Map.of())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("orders", framed(8, "x")))
                            .get())
                    .hasCauseInstanceOf(InvalidRecordException.class)
                    .hasMessageContaining("schema id 8, which is not registered under subject orders-value");
        }
    }

    @Test
    void aSchemaRegisteredAfterARefusalIsFoundByTheNextRecord() throws Exception {
        validatedTopic("orders", Map.of());
        try (var producer = producer(Map.of())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("orders", framed(3, "early")))
                            .get())
                    .hasCauseInstanceOf(InvalidRecordException.class);

            register("orders-value", 1, 3, "AVRO", AVRO_ORDER);

            assertThat(producer.send(new ProducerRecord<>("orders", framed(3, "late")))
                            .get()
                            .offset())
                    .isZero();
        }
    }

    @Test
    void aCompressedBatchIsCheckedRecordByRecord() throws Exception {
        validatedTopic("orders", Map.of());
        register("orders-value", 1, 7, "AVRO", AVRO_ORDER);

        try (var producer = producer(Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"))) {
            producer.send(new ProducerRecord<>("orders", framed(7, "ok"))).get();
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("orders", framed(12, "bad")))
                            .get())
                    .hasCauseInstanceOf(InvalidRecordException.class);
        }
        assertThat(endOffset("orders")).isEqualTo(1);
    }

    @Test
    void nullValuesAndUncheckedKeysPass() throws Exception {
        validatedTopic("orders", Map.of());

        try (var producer = producer(Map.of())) {
            RecordMetadata sent = producer.send(new ProducerRecord<>("orders", "any key".getBytes(), null))
                    .get();

            assertThat(sent.offset()).isZero();
        }
    }

    @Test
    void keysAreCheckedAgainstTheKeySubjectWhenKeyValidationIsOn() throws Exception {
        broker.topics().create("orders", 1, (short) 1, Map.of("confluent.key.schema.validation", "true"), false);
        register("orders-key", 1, 4, "JSON", "{\"type\":\"string\"}");

        try (var producer = producer(Map.of())) {
            producer.send(new ProducerRecord<>("orders", framed(4, "\"k\""), "unchecked value".getBytes()))
                    .get();
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("orders", "raw key".getBytes(), null))
                            .get())
                    .hasCauseInstanceOf(InvalidRecordException.class)
                    .hasMessageContaining("its key does not start with");
        }
    }

    @Test
    void recordNameStrategiesDeriveTheSubjectFromTheAvroRecordName() throws Exception {
        validatedTopic("orders", Map.of("confluent.value.subject.name.strategy", "RecordNameStrategy"));
        validatedTopic(
                "audit",
                Map.of(
                        "confluent.value.subject.name.strategy",
                        "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy"));
        register("com.acme.Order", 1, 5, "AVRO", AVRO_ORDER);
        register("audit-com.acme.Order", 1, 6, "AVRO", AVRO_ORDER);

        try (var producer = producer(Map.of())) {
            producer.send(new ProducerRecord<>("orders", framed(5, "a"))).get();
            producer.send(new ProducerRecord<>("audit", framed(6, "b"))).get();
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("audit", framed(5, "c")))
                            .get())
                    .hasMessageContaining("not registered under subject audit-com.acme.Order");
        }
    }

    @Test
    void aPermanentlyDeletedVersionNoLongerValidates() {
        validatedTopic("orders", Map.of());
        register("orders-value", 1, 7, "AVRO", AVRO_ORDER);
        send("{\"keytype\":\"SCHEMA\",\"subject\":\"orders-value\",\"version\":1,\"magic\":1}", null);

        try (var producer = producer(Map.of())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("orders", framed(7, "x")))
                            .get())
                    .hasCauseInstanceOf(InvalidRecordException.class);
        }
    }

    @Test
    void validationTurnedOnByAlterConfigsAppliesToTheNextBatch() throws Exception {
        broker.topics().create("orders", 1, (short) 1, Map.of(), false);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
                var producer = producer(Map.of())) {
            producer.send(new ProducerRecord<>("orders", "plain".getBytes())).get();

            var resource = new ConfigResource(ConfigResource.Type.TOPIC, "orders");
            var on = new org.apache.kafka.clients.admin.AlterConfigOp(
                    new org.apache.kafka.clients.admin.ConfigEntry("confluent.value.schema.validation", "true"),
                    org.apache.kafka.clients.admin.AlterConfigOp.OpType.SET);
            admin.incrementalAlterConfigs(Map.of(resource, List.of(on))).all().get();

            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("orders", "plain".getBytes()))
                            .get())
                    .hasCauseInstanceOf(InvalidRecordException.class);
        }
    }

    @Test
    void anUnknownSubjectNameStrategyIsRefusedNamingTheAcceptedOnes() throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            NewTopic topic = new NewTopic("orders", 1, (short) 1)
                    .configs(Map.of("confluent.value.subject.name.strategy", "ByColour"));

            assertThatThrownBy(() -> admin.createTopics(List.of(topic)).all().get())
                    .hasCauseInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("TopicNameStrategy, RecordNameStrategy, TopicRecordNameStrategy");

            validatedTopic("orders", Map.of());
            var resource = new ConfigResource(ConfigResource.Type.TOPIC, "orders");
            var config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(config.get("confluent.value.schema.validation").value()).isEqualTo("true");
            assertThat(config.get("confluent.key.schema.validation").value()).isEqualTo("false");
        }
    }

    private void validatedTopic(String name, Map<String, String> more) {
        Map<String, String> configs = new java.util.HashMap<>(more);
        configs.put("confluent.value.schema.validation", "true");
        broker.topics().create(name, 1, (short) 1, configs, false);
    }

    /** Writes a version to {@code _schemas} as a registry does: Confluent's key and value JSON. */
    private void register(String subject, int version, int id, String type, String schema) {
        String key = "{\"keytype\":\"SCHEMA\",\"subject\":\"" + subject + "\",\"version\":" + version + ",\"magic\":1}";
        String value = "{\"subject\":\"" + subject + "\",\"version\":" + version + ",\"id\":" + id
                + ",\"schemaType\":\"" + type + "\",\"schema\":" + quoted(schema) + ",\"deleted\":false}";
        send(key, value);
    }

    private void send(String key, String value) {
        try {
            registry.send(new ProducerRecord<>("_schemas", key, value)).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Confluent's wire format: magic byte 0, the id, then the payload. */
    private static byte[] framed(int id, String payload) {
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(5 + body.length)
                .put((byte) 0)
                .putInt(id)
                .put(body)
                .array();
    }

    private KafkaProducer<byte[], byte[]> producer(Map<String, String> more) {
        Map<String, Object> props = new java.util.HashMap<>(more);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.RETRIES_CONFIG, "0");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private long endOffset(String topic) {
        return broker.topics().topic(topic).partition(0).logEndOffset();
    }
}
