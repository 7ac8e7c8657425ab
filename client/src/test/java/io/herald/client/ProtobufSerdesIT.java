package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.herald.testkit.HeraldExtension;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Protobuf serdes against a real Herald broker and a real Herald registry, both in-process. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ProtobufSerdesIT {
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
        return EventCodec.protobuf(SchemaRegistryClient.create(config.registryUrl()), config, Upcasters.none());
    }

    private static EventPublisher publisher() {
        return EventPublisher.builder()
                .bootstrapServers(herald.bootstrapServers())
                .source("/proto-test")
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
    void anEventIsWrittenAsMagicIdMessageIndexAndProtobufBinary() throws Exception {
        herald.herald().createTopic("proto-wire", 1);
        try (EventPublisher publisher = publisher()) {
            publisher.publish("proto-wire", new OrderPlaced("o-1", 150)).get();
        }
        RegisteredSchema registered =
                SchemaRegistryClient.create(registry.url()).latest("proto-wire-shop.OrderPlaced");

        ConsumerRecord<String, byte[]> record = readRaw("proto-wire");
        byte[] value = record.value();

        assertThat(registered.schema().schemaType()).isEqualTo(RegistrySchema.PROTOBUF);
        assertThat(value[0]).isZero();
        assertThat(ByteBuffer.wrap(value, 1, 4).getInt()).isEqualTo(registered.id());
        // message indexes [0], then field 1 "o-1" and field 2 = 150 as Protobuf encodes them
        assertThat(Arrays.copyOfRange(value, 5, value.length))
                .containsExactly(0, 0x0a, 3, 'o', '-', '1', 0x10, 0x96, 0x01);
        assertThat(new String(record.headers().lastHeader("content-type").value()))
                .isEqualTo(EventCodec.PROTOBUF_CONTENT_TYPE);
    }

    @Test
    void anEventWhoseMessageIsNotTheFilesFirstIsRead() throws Exception {
        herald.herald().createTopic("proto-first", 1);
        herald.herald().createTopic("proto-third", 1);
        try (EventPublisher publisher = publisher()) {
            publisher.publish("proto-first", new OrderPlaced("o-3", 300)).get();
        }
        // what Confluent's serializer writes for the third message of a file: indexes [2], as count 1 and index 2
        ConsumerRecord<String, byte[]> record = readRaw("proto-first");
        byte[] value = record.value();
        ByteArrayOutputStream third = new ByteArrayOutputStream();
        third.write(value, 0, 5);
        third.write(2);
        third.write(4);
        third.write(value, 6, value.length - 6);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                herald.herald().producerProperties(), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                            "proto-third", null, record.key(), third.toByteArray(), record.headers()))
                    .get();
        }

        assertThat(receive("third", "proto-third", OrderPlaced.class, 1))
                .extracting(IncomingEvent::data)
                .containsExactly(new OrderPlaced("o-3", 300));
    }

    @Test
    void anAddedOptionalFieldIsReadByOldAndNewSubscribers() throws Exception {
        herald.herald().createTopic("proto-readings", 1);
        try (EventPublisher publisher = publisher()) {
            publisher.publish("proto-readings", new ReadingV1("s-1", 20.5)).get();
            publisher
                    .publish("proto-readings", new ReadingV2("s-2", 21.5, Optional.of("C")))
                    .get();
        }

        List<IncomingEvent<ReadingV1>> old = receive("old", "proto-readings", ReadingV1.class, 2);
        List<IncomingEvent<ReadingV2>> current = receive("new", "proto-readings", ReadingV2.class, 2);

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
        herald.herald().createTopic("proto-strict", 1);
        try (EventPublisher publisher = publisher()) {
            publisher.publish("proto-strict", new ReadingV1("s-1", 1.0)).get();

            assertThatThrownBy(() -> publisher
                            .publish("proto-strict", new ReadingIncompatible("s-1", "one"))
                            .join())
                    .cause()
                    .isInstanceOf(EventSchemaException.class)
                    .hasMessageContaining("proto-strict-Reading")
                    .hasMessageContaining("error 409");
        }
    }

    @Test
    void theBrokersSchemaValidationAcceptsProtobufEvents() throws Exception {
        try (Admin admin = Admin.create(herald.herald().adminProperties())) {
            admin.createTopics(List.of(new NewTopic("proto-validated", 1, (short) 1)
                            .configs(Map.of(
                                    "confluent.value.schema.validation", "true",
                                    "confluent.value.subject.name.strategy", "TopicRecordNameStrategy"))))
                    .all()
                    .get();
        }
        try (EventPublisher publisher = publisher()) {
            assertThat(publisher
                            .publish("proto-validated", new OrderPlaced("o-1", 1))
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
