package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.herald.testkit.HeraldExtension;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
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
        return publisher(codec());
    }

    private static EventPublisher publisher(EventCodec codec) {
        return EventPublisher.builder()
                .bootstrapServers(herald.bootstrapServers())
                .source("/avro-test")
                .codec(codec)
                .build();
    }

    private static <T> List<IncomingEvent<T>> receive(String group, String topic, Class<T> type, int count) {
        return receive(group, topic, codec(), type, count);
    }

    private static <T> List<IncomingEvent<T>> receive(
            String group, String topic, EventCodec codec, Class<T> type, int count) {
        List<IncomingEvent<T>> received = new CopyOnWriteArrayList<>();
        try (EventSubscriber subscriber = EventSubscriber.builder()
                .bootstrapServers(herald.bootstrapServers())
                .groupId(group)
                .topics(topic)
                .codec(codec)
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

    @EventType("shop.OrderShipped")
    record OrderShipped(@Key String orderId, Address address) {}

    record Address(String street, String city) {}

    @EventType("shop.OrderCancelled")
    record OrderCancelled(@Key String orderId, String reason) {}

    @EventType("shop.OrderReturned")
    record OrderReturned(@Key String orderId) {}

    static final String ADDRESS_SCHEMA = """
            {"type":"record","name":"Address","namespace":"shop","fields":[
              {"name":"street","type":"string"},{"name":"city","type":"string"}]}""";

    static final String ORDER_SHIPPED_SCHEMA = """
            {"type":"record","name":"OrderShipped","namespace":"shop","fields":[
              {"name":"orderId","type":"string"},{"name":"address","type":"shop.Address"}]}""";

    @Test
    void aFieldWhoseTypeIsRegisteredUnderAnotherSubjectIsWrittenWithTheReferenceAndRead() throws Exception {
        herald.herald().createTopic("avro-shipments", 1);
        SchemaRegistryClient client = SchemaRegistryClient.create(registry.url());
        RegisteredSchema address = client.register("shop.Address", RegistrySchema.avro(ADDRESS_SCHEMA), false);
        RegistrySchema shipped = RegistrySchema.avro(ORDER_SHIPPED_SCHEMA)
                .withReferences(List.of(new SchemaReference("shop.Address", "shop.Address", address.version())));
        SchemaSerdeConfig config = SchemaSerdeConfig.forRegistry(registry.url());
        EventSchemas given =
                EventSchemas.builder().schema("shop.OrderShipped", 1, shipped).build();
        OrderShipped event = new OrderShipped("o-7", new Address("1 Quay St", "Leith"));

        try (EventPublisher publisher = publisher(
                EventCodec.avro(SchemaRegistryClient.create(registry.url()), config, given, Upcasters.none()))) {
            publisher.publish("avro-shipments", event).get();
        }

        // registered with its reference, and read by a subscriber whose own schema is the generated, inlined one
        RegisteredSchema registered =
                SchemaRegistryClient.create(registry.url()).latest("avro-shipments-shop.OrderShipped");
        assertThat(registered.schema().references())
                .containsExactly(new SchemaReference("shop.Address", "shop.Address", address.version()));
        assertThat(receive("shipments", "avro-shipments", OrderShipped.class, 1))
                .extracting(IncomingEvent::data)
                .containsExactly(event);
    }

    @Test
    void severalEventTypesShareATopicsSubjectThroughAUnionOfReferences() throws Exception {
        herald.herald().createTopic("avro-orders", 1);
        SchemaRegistryClient client = SchemaRegistryClient.create(registry.url());
        RegisteredSchema placed = client.register(
                "shop.OrderPlaced", RegistrySchema.avro(AvroSchemaGenerator.schemaTextOf(OrderPlaced.class)), false);
        RegisteredSchema cancelled = client.register(
                "shop.OrderCancelled",
                RegistrySchema.avro(AvroSchemaGenerator.schemaTextOf(OrderCancelled.class)),
                false);
        RegisteredSchema union = client.register(
                "avro-orders-value",
                RegistrySchema.avro("[\"shop.OrderPlaced\",\"shop.OrderCancelled\"]")
                        .withReferences(List.of(
                                new SchemaReference("shop.OrderPlaced", "shop.OrderPlaced", placed.version()),
                                new SchemaReference(
                                        "shop.OrderCancelled", "shop.OrderCancelled", cancelled.version()))),
                false);
        // Confluent's settings for this pattern: the topic's subject, its latest version, nothing registered
        SchemaSerdeConfig config = SchemaSerdeConfig.forRegistry(registry.url())
                .withSubjectNameStrategy(SubjectNameStrategy.TOPIC_NAME)
                .withUseLatestVersion(true)
                .withAutoRegisterSchemas(false);
        EventCodec codec = EventCodec.avro(
                SchemaRegistryClient.create(registry.url()), config, EventSchemas.generated(), Upcasters.none());

        try (EventPublisher publisher = publisher(codec)) {
            publisher.publish("avro-orders", new OrderPlaced("o-1", 500)).get();
            publisher
                    .publish("avro-orders", new OrderCancelled("o-1", "changed mind"))
                    .get();

            assertThatThrownBy(() -> publisher.publish("avro-orders", new OrderReturned("o-1")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(
                            "union of [shop.OrderPlaced, shop.OrderCancelled] without shop.OrderReturned");
        }

        byte[] first = readRaw("avro-orders").value();
        assertThat(ByteBuffer.wrap(first, 1, 4).getInt()).isEqualTo(union.id());
        List<Object> received = new CopyOnWriteArrayList<>();
        try (EventSubscriber subscriber = EventSubscriber.builder()
                .bootstrapServers(herald.bootstrapServers())
                .groupId("orders")
                .topics("avro-orders")
                .codec(codec)
                .on(OrderPlaced.class, event -> received.add(event.data()))
                .on(OrderCancelled.class, event -> received.add(event.data()))
                .start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> received.size() >= 2);
        }
        assertThat(received).containsExactly(new OrderPlaced("o-1", 500), new OrderCancelled("o-1", "changed mind"));
    }

    @EventType("shop.PaymentTaken")
    record PaymentTaken(@Key String paymentId, Instant at, BigDecimal amount, LocalDate bookedOn) {}

    static final String PAYMENT_TAKEN_SCHEMA = """
            {"type":"record","name":"PaymentTaken","namespace":"shop","fields":[
              {"name":"paymentId","type":"string"},
              {"name":"at","type":{"type":"long","logicalType":"timestamp-millis"}},
              {"name":"amount","type":{"type":"bytes","logicalType":"decimal","precision":12,"scale":2}},
              {"name":"bookedOn","type":{"type":"int","logicalType":"date"}}]}""";

    @Test
    void aGivenSchemaWithLogicalTypesIsWrittenAsAvroDefinesThemAndReadBack() throws Exception {
        herald.herald().createTopic("avro-payments", 1);
        SchemaSerdeConfig config = SchemaSerdeConfig.forRegistry(registry.url());
        EventSchemas given = EventSchemas.builder()
                .avroText("shop.PaymentTaken", 1, PAYMENT_TAKEN_SCHEMA)
                .build();
        EventCodec codec =
                EventCodec.avro(SchemaRegistryClient.create(registry.url()), config, given, Upcasters.none());
        PaymentTaken event = new PaymentTaken(
                "p-1", Instant.parse("2026-11-30T10:15:30.123Z"), new BigDecimal("99.95"), LocalDate.of(2026, 11, 30));

        try (EventPublisher publisher = publisher(codec)) {
            publisher.publish("avro-payments", event).get();
        }

        // what a Confluent consumer with Avro's own conversions (specific records, for example) reads
        byte[] value = readRaw("avro-payments").value();
        Schema schema = new Schema.Parser().parse(PAYMENT_TAKEN_SCHEMA);
        GenericData withConversions = new GenericData();
        withConversions.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        withConversions.addLogicalTypeConversion(new TimeConversions.DateConversion());
        withConversions.addLogicalTypeConversion(new Conversions.DecimalConversion());
        GenericRecord datum = (GenericRecord) new GenericDatumReader<>(schema, schema, withConversions)
                .read(null, DecoderFactory.get().binaryDecoder(Arrays.copyOfRange(value, 5, value.length), null));
        assertThat(datum.get("at")).isEqualTo(event.at());
        assertThat(datum.get("amount")).isEqualTo(event.amount());
        assertThat(datum.get("bookedOn")).isEqualTo(event.bookedOn());

        assertThat(receive("payments", "avro-payments", codec, PaymentTaken.class, 1))
                .extracting(IncomingEvent::data)
                .containsExactly(event);
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
