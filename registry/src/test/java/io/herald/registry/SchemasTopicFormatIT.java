package io.herald.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.testkit.HeraldExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code _schemas} topic in Confluent's format: records written the way Confluent Schema Registry writes them
 * (by a plain producer here, with fields Herald does not use) are served with their ids, and the records Herald
 * writes have Confluent's exact key bytes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SchemasTopicFormatIT {

    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    private static final String TOPIC = "_confluent_schemas";

    private static RegistryConfig config() {
        return RegistryFixture.config(herald).withTopic(TOPIC);
    }

    @Test
    void aTopicWrittenByConfluentIsServedWithItsIdsAndWrittenOnInItsFormat() throws Exception {
        try (Admin admin = Admin.create(adminProperties())) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                    .all()
                    .get();
        }
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(herald.herald().producerProperties())) {
            send(producer, "{\"keytype\":\"NOOP\",\"magic\":0}", null);
            send(
                    producer,
                    "{\"keytype\":\"SCHEMA\",\"subject\":\"orders-value\",\"version\":1,\"magic\":1}",
                    "{\"subject\":\"orders-value\",\"version\":1,\"id\":41,\"md5\":\"aGVsbG8=\",\"metadata\":null,"
                            + "\"schema\":\"\\\"string\\\"\",\"deleted\":false,\"ts\":1700000000000}");
            send(
                    producer,
                    "{\"keytype\":\"SCHEMA\",\"subject\":\"events-value\",\"version\":1,\"magic\":1}",
                    "{\"subject\":\"events-value\",\"version\":1,\"id\":42,\"schemaType\":\"JSON\","
                            + "\"schema\":\"{\\\"type\\\":\\\"object\\\"}\",\"deleted\":false}");
            send(
                    producer,
                    "{\"keytype\":\"SCHEMA\",\"subject\":\"gone-value\",\"version\":1,\"magic\":1}",
                    "{\"subject\":\"gone-value\",\"version\":1,\"id\":43,\"schema\":\"\\\"int\\\"\",\"deleted\":false}");
            send(
                    producer,
                    "{\"keytype\":\"DELETE_SUBJECT\",\"subject\":\"gone-value\",\"magic\":0}",
                    "{\"subject\":\"gone-value\",\"version\":1}");
            send(
                    producer,
                    "{\"keytype\":\"CONFIG\",\"subject\":null,\"magic\":0}",
                    "{\"compatibilityLevel\":\"FULL\"}");
            send(
                    producer,
                    "{\"keytype\":\"CONFIG\",\"subject\":\"orders-value\",\"magic\":0}",
                    "{\"compatibilityLevel\":\"NONE\",\"alias\":null}");
            send(
                    producer,
                    "{\"keytype\":\"MODE\",\"subject\":\"events-value\",\"magic\":0}",
                    "{\"mode\":\"READONLY\"}");
            producer.flush();
        }

        try (SchemaRegistry registry = SchemaRegistry.start(config())) {
            RegistryClient client = new RegistryClient(registry.port());

            assertThat(client.get("/schemas/ids/41").json().path("schema").asText())
                    .isEqualTo("\"string\"");
            assertThat(client.get("/subjects/events-value/versions/1")
                            .json()
                            .path("id")
                            .asInt())
                    .isEqualTo(42);
            assertThat(client.get("/subjects").text()).isEqualTo("[\"events-value\",\"orders-value\"]");
            assertThat(client.get("/subjects?deletedOnly=true").text()).isEqualTo("[\"gone-value\"]");
            assertThat(client.get("/config").json().path("compatibilityLevel").asText())
                    .isEqualTo("FULL");
            assertThat(client.get("/config/orders-value")
                            .json()
                            .path("compatibilityLevel")
                            .asText())
                    .isEqualTo("NONE");
            assertThat(client.get("/mode/events-value").json().path("mode").asText())
                    .isEqualTo("READONLY");

            int next = client.register("new-value", null, "\"long\"")
                    .json()
                    .path("id")
                    .asInt();
            assertThat(next).isEqualTo(44);
        }

        List<String> keys = new ArrayList<>();
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(herald.herald().consumerProperties())) {
            TopicPartition partition = new TopicPartition(TOPIC, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    keys.add(record.key());
                    values.add(record.value());
                }
            }
        }
        assertThat(keys.getLast())
                .isEqualTo("{\"keytype\":\"SCHEMA\",\"subject\":\"new-value\",\"version\":1,\"magic\":1}");
        assertThat(values.getLast())
                .isEqualTo(
                        "{\"subject\":\"new-value\",\"version\":1,\"id\":44,\"schema\":\"\\\"long\\\"\",\"deleted\":false}");
    }

    private static void send(KafkaProducer<String, String> producer, String key, String value) throws Exception {
        producer.send(new ProducerRecord<>(TOPIC, 0, key, value)).get();
    }

    private static Properties adminProperties() {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", herald.bootstrapServers());
        return properties;
    }
}
