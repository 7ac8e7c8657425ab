package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.testkit.HeraldExtension;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JSON Schema serdes against a real Herald broker and a real Herald registry, both in-process. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class JsonSchemaSerdesIT {
    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    @RegisterExtension
    static RegistryFixture registry = new RegistryFixture(herald);

    static final ObjectMapper JSON = new ObjectMapper();

    @EventType("OrderPlaced")
    record OrderPlaced(@Key String orderId, long amountCents) {}

    @EventType("Reading")
    record ReadingV1(@Key String sensor, double value) {}

    @EventType("Reading")
    record ReadingV2(@Key String sensor, double value, Optional<String> unit) {}

    @EventType("Reading")
    record ReadingIncompatible(@Key String sensor, String value) {}

    @EventType(value = "Temperature", version = 1)
    record TemperatureV1(@Key String room, double celsius) {}

    @EventType(value = "Temperature", version = 2)
    record TemperatureV2(@Key String room, double kelvin) {}

    @EventType("Payment")
    record Payment(@Key String id, long amountCents) {}

    private static SchemaSerdeConfig config() {
        return SchemaSerdeConfig.forRegistry(registry.url());
    }

    private static EventCodec codec(SchemaSerdeConfig config) {
        return EventCodec.jsonSchema(
                SchemaRegistryClient.create(config.registryUrl()), config, EventSchemas.generated(), Upcasters.none());
    }

    private static EventPublisher publisher(EventCodec codec) {
        return EventPublisher.builder()
                .bootstrapServers(herald.bootstrapServers())
                .source("/serdes-test")
                .codec(codec)
                .build();
    }

    private static EventSubscriber.Builder subscriber(String group, String topic, EventCodec codec) {
        return EventSubscriber.builder()
                .bootstrapServers(herald.bootstrapServers())
                .groupId(group)
                .topics(topic)
                .codec(codec);
    }

    private static <T> List<IncomingEvent<T>> receive(
            String group, String topic, EventCodec codec, Class<T> type, int count) {
        List<IncomingEvent<T>> received = new CopyOnWriteArrayList<>();
        try (EventSubscriber subscriber =
                subscriber(group, topic, codec).on(type, received::add).start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> received.size() >= count);
        }
        return received;
    }

    @Test
    void aPublishedEventIsHandledAsItsRecordWithTheRegistryContentType() throws Exception {
        herald.herald().createTopic("shop", 2);
        try (EventPublisher publisher = publisher(codec(config()))) {
            publisher.publish("shop", new OrderPlaced("o-1", 4200)).get();
        }

        List<IncomingEvent<OrderPlaced>> received = receive("billing", "shop", codec(config()), OrderPlaced.class, 1);

        assertThat(received).singleElement().satisfies(event -> {
            assertThat(event.data()).isEqualTo(new OrderPlaced("o-1", 4200));
            assertThat(event.metadata().dataContentType()).isEqualTo(EventCodec.JSON_SCHEMA_CONTENT_TYPE);
            assertThat(event.metadata().dataSchema()).hasToString("urn:herald:event:OrderPlaced:1");
        });
    }

    @Test
    void theValueOnTheWireIsMagicByteThenTheSchemaIdThenTheJson() throws Exception {
        herald.herald().createTopic("wire", 1);
        OrderPlaced event = new OrderPlaced("o-7", 700);
        try (EventPublisher publisher = publisher(codec(config()))) {
            publisher.publish("wire", event).get();
        }
        RegisteredSchema registered = SchemaRegistryClient.create(registry.url())
                .lookup(
                        "wire-OrderPlaced",
                        RegistrySchema.json(JsonSchemaGenerator.schemaTextOf(OrderPlaced.class)),
                        false);

        byte[] value = readRawValues("wire", 1).getFirst();

        assertThat(value[0]).isZero();
        assertThat(ByteBuffer.wrap(value, 1, 4).getInt()).isEqualTo(registered.id());
        JsonNode json = JSON.readTree(Arrays.copyOfRange(value, 5, value.length));
        assertThat(json).isEqualTo(JSON.readTree("{\"orderId\":\"o-7\",\"amountCents\":700}"));
    }

    @Test
    void aSchemaThatAddsAnOptionalFieldIsReadByOldAndNewSubscribers() throws Exception {
        herald.herald().createTopic("readings", 1);
        try (EventPublisher v1 = publisher(codec(config()));
                EventPublisher v2 = publisher(codec(config()))) {
            v1.publish("readings", new ReadingV1("s-1", 20.5)).get();
            v2.publish("readings", new ReadingV2("s-2", 21.5, Optional.of("C"))).get();
        }
        List<Integer> ids = readRawValues("readings", 2).stream()
                .map(value -> ByteBuffer.wrap(value, 1, 4).getInt())
                .toList();

        List<IncomingEvent<ReadingV1>> old = receive("old", "readings", codec(config()), ReadingV1.class, 2);
        List<IncomingEvent<ReadingV2>> current = receive("new", "readings", codec(config()), ReadingV2.class, 2);

        assertThat(ids.get(1)).isNotEqualTo(ids.get(0));
        assertThat(old)
                .extracting(IncomingEvent::data)
                .containsExactlyInAnyOrder(new ReadingV1("s-1", 20.5), new ReadingV1("s-2", 21.5));
        assertThat(current)
                .extracting(IncomingEvent::data)
                .containsExactlyInAnyOrder(
                        new ReadingV2("s-1", 20.5, Optional.empty()), new ReadingV2("s-2", 21.5, Optional.of("C")));
    }

    @Test
    void aBackwardIncompatibleSchemaIsRefusedWithTheRegistrysMessage() throws Exception {
        herald.herald().createTopic("strict", 1);
        try (EventPublisher publisher = publisher(codec(config()))) {
            publisher.publish("strict", new ReadingV1("s-1", 1.0)).get();

            assertThatThrownBy(() -> publisher
                            .publish("strict", new ReadingIncompatible("s-1", "one"))
                            .join())
                    .isInstanceOf(CompletionException.class)
                    .cause()
                    .isInstanceOf(EventSchemaException.class)
                    .hasMessageContaining("strict-Reading")
                    .hasMessageContaining(registry.url())
                    .hasMessageContaining("error 409")
                    .hasMessageContaining("incompatible with an earlier schema");
        }
    }

    @Test
    void withAutoRegistrationOffAnUnregisteredSchemaFailsSayingToRegisterItFirst() throws Exception {
        herald.herald().createTopic("payments", 1);
        SchemaSerdeConfig production = config().withAutoRegisterSchemas(false);
        try (EventPublisher publisher = publisher(codec(production))) {
            assertThatThrownBy(() ->
                            publisher.publish("payments", new Payment("p-1", 5)).join())
                    .cause()
                    .isInstanceOf(EventSchemaException.class)
                    .hasMessageContaining("not registered under subject payments-Payment")
                    .hasMessageContaining("auto.register.schemas is false")
                    .hasMessageContaining("herald schemas register payments-Payment");

            SchemaRegistryClient.create(registry.url())
                    .register(
                            "payments-Payment",
                            RegistrySchema.json(JsonSchemaGenerator.schemaTextOf(Payment.class)),
                            false);
            assertThat(publisher
                            .publish("payments", new Payment("p-2", 6))
                            .get()
                            .offset())
                    .isZero();
        }
    }

    @Test
    void anEventThatBreaksItsGivenSchemaIsRefusedNamingTheRule() throws Exception {
        herald.herald().createTopic("refunds", 1);
        String schema = "{\"title\":\"Payment\",\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"},"
                + "\"amountCents\":{\"type\":\"integer\",\"minimum\":1}},\"required\":[\"id\",\"amountCents\"]}";
        SchemaSerdeConfig config = config();
        EventCodec codec = EventCodec.jsonSchema(
                SchemaRegistryClient.create(config.registryUrl()),
                config,
                EventSchemas.builder().jsonText("Payment", 1, schema).build(),
                Upcasters.none());
        try (EventPublisher publisher = publisher(codec)) {
            assertThatThrownBy(() -> publisher.publish("refunds", new Payment("r-1", -5)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("event Payment (version 1) does not match its JSON Schema")
                    .hasMessageContaining("/amountCents: must have a minimum value of 1 (rule minimum)");
            publisher.publish("refunds", new Payment("r-2", 5)).get();
        }

        assertThat(SchemaRegistryClient.create(registry.url())
                        .latest("refunds-Payment")
                        .schema()
                        .schema())
                .contains("\"minimum\":1");
    }

    @EventType("Refund")
    record Refund(@Key String id, Money amount) {}

    record Money(long cents, String currency) {}

    @Test
    void aRefToASchemaRegisteredUnderAnotherSubjectIsCheckedOnWriteAndRead() throws Exception {
        herald.herald().createTopic("refunds-by-ref", 1);
        String money = "{\"type\":\"object\",\"properties\":{\"cents\":{\"type\":\"integer\",\"minimum\":1},"
                + "\"currency\":{\"type\":\"string\"}},\"required\":[\"cents\",\"currency\"]}";
        String refund = "{\"title\":\"Refund\",\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"},"
                + "\"amount\":{\"$ref\":\"money.json\"}},\"required\":[\"id\",\"amount\"]}";
        RegisteredSchema moneyVersion =
                SchemaRegistryClient.create(registry.url()).register("shop.Money", RegistrySchema.json(money), false);
        RegistrySchema refundSchema = RegistrySchema.json(refund)
                .withReferences(List.of(new SchemaReference("money.json", "shop.Money", moneyVersion.version())));
        SchemaSerdeConfig config = config();
        EventCodec codec = EventCodec.jsonSchema(
                SchemaRegistryClient.create(config.registryUrl()),
                config,
                EventSchemas.builder().schema("Refund", 1, refundSchema).build(),
                Upcasters.none());
        try (EventPublisher publisher = publisher(codec)) {
            assertThatThrownBy(() -> publisher.publish("refunds-by-ref", new Refund("r-1", new Money(-5, "EUR"))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("/amount/cents: must have a minimum value of 1 (rule minimum)");
            publisher
                    .publish("refunds-by-ref", new Refund("r-2", new Money(5, "EUR")))
                    .get();
        }

        assertThat(SchemaRegistryClient.create(registry.url())
                        .latest("refunds-by-ref-Refund")
                        .schema()
                        .references())
                .containsExactly(new SchemaReference("money.json", "shop.Money", moneyVersion.version()));
        // read by a subscriber that checks the data against the writer's schema, references resolved
        EventCodec reader = EventCodec.jsonSchema(
                SchemaRegistryClient.create(config.registryUrl()), config, EventSchemas.generated(), Upcasters.none());
        assertThat(receive("refunds-by-ref", "refunds-by-ref", reader, Refund.class, 1))
                .extracting(IncomingEvent::data)
                .containsExactly(new Refund("r-2", new Money(5, "EUR")));
    }

    @Test
    void upcastersStillBringAnOlderVersionUpToTheRecord() throws Exception {
        herald.herald().createTopic("rooms", 1);
        try (EventPublisher publisher = publisher(codec(config()))) {
            publisher.publish("rooms", new TemperatureV1("kitchen", 20.0)).get();
        }
        Upcasters upcasters = Upcasters.builder()
                .add(
                        "Temperature",
                        1,
                        v1 -> v1.put("kelvin", v1.remove("celsius").asDouble() + 273.15))
                .build();
        SchemaSerdeConfig config = config();
        EventCodec reader = EventCodec.jsonSchema(
                SchemaRegistryClient.create(config.registryUrl()), config, EventSchemas.generated(), upcasters);

        List<IncomingEvent<TemperatureV2>> received = receive("rooms", "rooms", reader, TemperatureV2.class, 1);

        assertThat(received.getFirst().data()).isEqualTo(new TemperatureV2("kitchen", 293.15));
    }

    @Test
    void theBrokersSchemaValidationAcceptsSdkEventsAndRefusesAnUnregisteredId() throws Exception {
        try (Admin admin = Admin.create(herald.herald().adminProperties())) {
            admin.createTopics(List.of(new NewTopic("validated", 1, (short) 1)
                            .configs(Map.of(
                                    "confluent.value.schema.validation", "true",
                                    "confluent.value.subject.name.strategy", "TopicRecordNameStrategy"))))
                    .all()
                    .get();
        }
        try (EventPublisher publisher = publisher(codec(config()))) {
            assertThat(publisher
                            .publish("validated", new OrderPlaced("o-1", 1))
                            .get()
                            .offset())
                    .isZero();
        }

        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(
                herald.herald().producerProperties(), new StringSerializer(), new ByteArraySerializer())) {
            byte[] unregistered = ByteBuffer.allocate(5 + 2)
                    .put((byte) 0)
                    .putInt(999_999)
                    .put("{}".getBytes())
                    .array();
            assertThatThrownBy(() -> raw.send(new ProducerRecord<>("validated", "k", unregistered))
                            .get())
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(InvalidRecordException.class);
        }
    }

    @Test
    void useLatestVersionWritesWithTheSubjectsLatestSchema() throws Exception {
        herald.herald().createTopic("latest", 1);
        SchemaRegistryClient client = SchemaRegistryClient.create(registry.url());
        client.register(
                "latest-OrderPlaced", RegistrySchema.json(JsonSchemaGenerator.schemaTextOf(OrderPlaced.class)), false);
        ObjectNode wider = JsonSchemaGenerator.schemaOf(OrderPlaced.class);
        ((ObjectNode) wider.path("properties"))
                .putObject("note")
                .putArray("type")
                .add("string")
                .add("null");
        RegisteredSchema latest = client.register("latest-OrderPlaced", RegistrySchema.json(wider.toString()), false);

        try (EventPublisher publisher = publisher(codec(config().withUseLatestVersion(true)))) {
            publisher.publish("latest", new OrderPlaced("o-1", 1)).get();
        }

        assertThat(ByteBuffer.wrap(readRawValues("latest", 1).getFirst(), 1, 4).getInt())
                .isEqualTo(latest.id());
        assertThat(latest.version()).isEqualTo(2);
    }

    @Test
    void anEventWhoseWriterSchemaCannotBeFetchedIsRetriedThenDeadLettered() throws Exception {
        herald.herald().createTopic("unreachable", 1);
        try (EventPublisher publisher = publisher(codec(config()))) {
            publisher.publish("unreachable", new OrderPlaced("o-1", 1)).get();
        }
        SchemaSerdeConfig nowhere = SchemaSerdeConfig.forRegistry("http://127.0.0.1:1");
        List<Duration> sleeps = new CopyOnWriteArrayList<>();

        ConsumerRecord<String, byte[]> deadLetter;
        try (EventSubscriber subscriber = subscriber("lost", "unreachable", codec(nowhere))
                .retryPolicy(new RetryPolicy(3, Duration.ofMillis(100), 2.0, Duration.ofMillis(300), 0.0))
                .sleeper(sleeps::add)
                .on(OrderPlaced.class, event -> {})
                .start()) {
            deadLetter = readRaw("unreachable.dlq");
        }

        assertThat(new String(
                        deadLetter.headers().lastHeader("herald.dlq.attempts").value()))
                .isEqualTo("3");
        assertThat(new String(deadLetter
                        .headers()
                        .lastHeader("herald.dlq.exception.class")
                        .value()))
                .isEqualTo(SchemaRegistryException.class.getName());
        assertThat(sleeps).hasSize(2);
    }

    @Test
    void anOutboxWithTheRegistryCodecRelaysTheWireFormatAndItsContentType() throws Exception {
        herald.herald().createTopic("outboxed", 1);
        DataSource dataSource = TestDatabases.create("h2", "serdes-outbox");
        JdbcOutbox outbox = new JdbcOutbox(dataSource, "herald_outbox", "/orders", codec(config()), Clock.systemUTC());
        outbox.createTableIfMissing();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            outbox.add(connection, "outboxed", new OrderPlaced("o-9", 9));
            connection.commit();
        }
        try (OutboxRelay relay = new OutboxRelay(outbox, Map.of("bootstrap.servers", herald.bootstrapServers()), 10)) {
            assertThat(relay.relayOnce()).isEqualTo(1);
        }

        List<IncomingEvent<OrderPlaced>> received =
                receive("outbox-reader", "outboxed", codec(config()), OrderPlaced.class, 1);

        assertThat(received.getFirst().data()).isEqualTo(new OrderPlaced("o-9", 9));
        assertThat(received.getFirst().metadata().dataContentType()).isEqualTo(EventCodec.JSON_SCHEMA_CONTENT_TYPE);
        assertThat(readRawValues("outboxed", 1).getFirst()[0]).isZero();
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

    private static List<byte[]> readRawValues(String topic, int count) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                herald.herald().consumerProperties(), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            List<byte[]> values = new CopyOnWriteArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
                return values.size() >= count;
            });
            return values;
        }
    }
}
