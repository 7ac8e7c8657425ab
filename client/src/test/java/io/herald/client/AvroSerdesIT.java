package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.herald.testkit.HeraldExtension;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Avro serdes against a real Herald broker and a real Herald registry, both in-process. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AvroSerdesIT {
    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    @RegisterExtension
    static RegistryFixture registry = new RegistryFixture(herald);

    @EventType("shop.OrderPlaced")
    record OrderPlaced(@Key String orderId, long amountCents) {}

    @EventType("Reading")
    record ReadingV1(@Key String sensor, double value) {}

    @EventType("Reading")
    record ReadingV2(@Key String sensor, double value, Optional<String> unit) {}

    @EventType("Reading")
    record ReadingIncompatible(@Key String sensor, String value) {}

    private static EventCodec codec() {
        SchemaSerdeConfig config = SchemaSerdeConfig.forRegistry(registry.url());
        return EventCodec.avro(
                SchemaRegistryClient.create(config.registryUrl()), config, EventSchemas.generated(), Upcasters.none());
    }

    private static EventPublisher publisher() {
        return EventPublisher.builder()
                .bootstrapServers(herald.bootstrapServers())
                .source("/avro-test")
                .codec(codec())
                .build();
    }

    private static <T> List<IncomingEvent<T>> receive(String group, String topic, Class<T> type, int count) {
        List<IncomingEvent<T>> received = new CopyOnWriteArrayList<>();
        try (EventSubscriber subscriber = EventSubscriber.builder()
                .bootstrapServers(herald.bootstrapServers())
                .groupId(group)
                .topics(topic)
                .codec(codec())
                .on(type, received::add)
                .start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> received.size() >= count);
        }
        return received;
    }

    @Test
    void anEventIsWrittenAsMagicIdAndAvroBinaryThatApacheAvroReads() throws Exception {
        herald.herald().createTopic("avro-wire", 1);
        try (EventPublisher publisher = publisher()) {
            publisher.publish("avro-wire", new OrderPlaced("o-1", 4200)).get();
        }
        RegisteredSchema registered =
                SchemaRegistryClient.create(registry.url()).latest("avro-wire-shop.OrderPlaced");

        ConsumerRecord<String, byte[]> record = readRaw("avro-wire");
        byte[] value = record.value();
        Schema schema = new Schema.Parser().parse(registered.schema().schema());
        GenericRecord datum = (GenericRecord) new GenericDatumReader<>(schema)
                .read(null, DecoderFactory.get().binaryDecoder(Arrays.copyOfRange(value, 5, value.length), null));

        assertThat(value[0]).isZero();
        assertThat(ByteBuffer.wrap(value, 1, 4).getInt()).isEqualTo(registered.id());
        assertThat(datum.get("orderId")).hasToString("o-1");
        assertThat(datum.get("amountCents")).isEqualTo(4200L);
        assertThat(new String(record.headers().lastHeader("content-type").value()))
                .isEqualTo(EventCodec.AVRO_CONTENT_TYPE);
    }

    @Test
    void anAddedOptionalFieldIsReadByOldAndNewSubscribersThroughSchemaResolution() throws Exception {
        herald.herald().createTopic("avro-readings", 1);
        try (EventPublisher publisher = publisher()) {
            publisher.publish("avro-readings", new ReadingV1("s-1", 20.5)).get();
            publisher
                    .publish("avro-readings", new ReadingV2("s-2", 21.5, Optional.of("C")))
                    .get();
        }

        List<IncomingEvent<ReadingV1>> old = receive("old", "avro-readings", ReadingV1.class, 2);
        List<IncomingEvent<ReadingV2>> current = receive("new", "avro-readings", ReadingV2.class, 2);

        assertThat(old)
                .extracting(IncomingEvent::data)
                .containsExactlyInAnyOrder(new ReadingV1("s-1", 20.5), new ReadingV1("s-2", 21.5));
        assertThat(current)
                .extracting(IncomingEvent::data)
                .containsExactlyInAnyOrder(
                        new ReadingV2("s-1", 20.5, Optional.empty()), new ReadingV2("s-2", 21.5, Optional.of("C")));
    }

    @Test
    void anIncompatibleChangeIsRefusedWithTheRegistrysMessage() throws Exception {
        herald.herald().createTopic("avro-strict", 1);
        try (EventPublisher publisher = publisher()) {
            publisher.publish("avro-strict", new ReadingV1("s-1", 1.0)).get();

            assertThatThrownBy(() -> publisher
                            .publish("avro-strict", new ReadingIncompatible("s-1", "one"))
                            .join())
                    .cause()
                    .isInstanceOf(EventSchemaException.class)
                    .hasMessageContaining("avro-strict-Reading")
                    .hasMessageContaining("error 409");
        }
    }

    @Test
    void theBrokersSchemaValidationAcceptsAvroEvents() throws Exception {
        try (Admin admin = Admin.create(herald.herald().adminProperties())) {
            admin.createTopics(List.of(new NewTopic("avro-validated", 1, (short) 1)
                            .configs(Map.of(
                                    "confluent.value.schema.validation", "true",
                                    "confluent.value.subject.name.strategy", "TopicRecordNameStrategy"))))
                    .all()
                    .get();
        }
        try (EventPublisher publisher = publisher()) {
            assertThat(publisher
                            .publish("avro-validated", new OrderPlaced("o-1", 1))
                            .get()
                            .offset())
                    .isZero();
        }
    }

    private static ConsumerRecord<String, byte[]> readRaw(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                herald.herald().consumerProperties(), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            List<ConsumerRecord<String, byte[]>> records = new CopyOnWriteArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return !records.isEmpty();
            });
            return records.getFirst();
        }
    }
}
