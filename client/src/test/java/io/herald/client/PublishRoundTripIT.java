package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.herald.client.internal.CloudEventRecords;
import io.herald.client.internal.HandlingScope;
import io.herald.testkit.HeraldExtension;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PublishRoundTripIT {
    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    @EventType(value = "OrderPlaced", version = 2)
    record OrderPlaced(@Key String orderId, long amountCents) {}

    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07.123Z");

    private EventPublisher publisher() {
        return EventPublisher.builder()
                .bootstrapServers(herald.bootstrapServers())
                .source("/orders-service")
                .defaultTopic("orders")
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .build();
    }

    private List<ConsumerRecord<String, byte[]>> readAll(String topic, int partitions, int expected) {
        Map<String, Object> properties = new HashMap<>(herald.herald().consumerProperties());
        properties.put("value.deserializer", ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> all = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                all.add(new TopicPartition(topic, p));
            }
            consumer.assign(all);
            consumer.seekToBeginning(all);
            while (records.size() < expected) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Test
    void everyAttributeIsAHeaderThatAPlainConsumerReads() throws Exception {
        herald.herald().createTopic("orders", 3);
        EventMetadata handled = new EventMetadata(
                "cause-1",
                URI.create("/payments"),
                "PaymentTaken",
                null,
                null,
                null,
                null,
                null,
                null,
                "flow-1",
                null,
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                "herald=1");
        PublishResult result;
        try (EventPublisher publisher = publisher();
                HandlingScope scope = HandlingScope.open(handled)) {
            result = publisher
                    .publish("orders", new OrderPlaced("o-1", 4200), "customer-7")
                    .get();
        }

        ConsumerRecord<String, byte[]> record = readAll("orders", 3, 1).getFirst();

        assertThat(record.partition()).isEqualTo(result.partition());
        assertThat(record.offset()).isEqualTo(result.offset());
        assertThat(record.key()).isEqualTo("o-1");
        assertThat(record.timestamp()).isEqualTo(NOW.toEpochMilli());
        assertThat(new String(record.value(), StandardCharsets.UTF_8))
                .isEqualTo("{\"orderId\":\"o-1\",\"amountCents\":4200}");
        assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
        assertThat(header(record, "ce_id")).isEqualTo(result.eventId());
        assertThat(header(record, "ce_source")).isEqualTo("/orders-service");
        assertThat(header(record, "ce_type")).isEqualTo("OrderPlaced");
        assertThat(OffsetDateTime.parse(header(record, "ce_time")).toInstant()).isEqualTo(NOW);
        assertThat(header(record, "ce_subject")).isEqualTo("customer-7");
        assertThat(header(record, "content-type")).isEqualTo("application/json");
        assertThat(header(record, "ce_dataschema")).isEqualTo("urn:herald:event:OrderPlaced:2");
        assertThat(header(record, "ce_partitionkey")).isEqualTo("o-1");
        assertThat(header(record, "ce_sequence")).isEqualTo("1");
        assertThat(header(record, "ce_correlationid")).isEqualTo("flow-1");
        assertThat(header(record, "ce_causationid")).isEqualTo("cause-1");
        assertThat(header(record, "ce_traceparent")).isEqualTo(handled.traceparent());
        assertThat(header(record, "ce_tracestate")).isEqualTo("herald=1");

        CloudEvent event = CloudEventRecords.fromRecord(record);
        EventMetadata metadata = CloudEventRecords.metadataOf(event);
        assertThat(metadata.id()).isEqualTo(result.eventId());
        assertThat(metadata.sequence()).isEqualTo(1L);
        assertThat(EventCodec.json().decode(event.getData().toBytes(), 2, OrderPlaced.class))
                .isEqualTo(new OrderPlaced("o-1", 4200));
    }

    @Test
    void outsideAHandlerTheEventStartsItsOwnFlow() throws Exception {
        herald.herald().createTopic("flows", 1);
        PublishResult result;
        try (EventPublisher publisher = publisher()) {
            result = publisher.publish("flows", new OrderPlaced("o-2", 1)).get();
        }

        ConsumerRecord<String, byte[]> record = readAll("flows", 1, 1).getFirst();

        assertThat(header(record, "ce_correlationid")).isEqualTo(result.eventId());
        assertThat(header(record, "ce_causationid")).isNull();
        assertThat(header(record, "ce_subject")).isEqualTo("o-2");
    }

    @Test
    void eventsWithOneKeyStayInOnePartitionInPublishOrder() throws Exception {
        herald.herald().createTopic("ordered", 4);
        List<PublishResult> results = new ArrayList<>();
        try (EventPublisher publisher = publisher()) {
            List<java.util.concurrent.CompletableFuture<PublishResult>> futures = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                futures.add(publisher.publish("ordered", new OrderPlaced("o-" + (i % 5), i)));
            }
            for (var future : futures) {
                results.add(future.get());
            }
        }

        Map<String, List<Long>> amountsByKey = new HashMap<>();
        Map<String, Integer> partitionByKey = new HashMap<>();
        List<ConsumerRecord<String, byte[]>> records = readAll("ordered", 4, 50);
        records.sort(java.util.Comparator.comparingLong(ConsumerRecord::offset));
        for (ConsumerRecord<String, byte[]> record : records) {
            OrderPlaced event = EventCodec.json().decode(record.value(), 2, OrderPlaced.class);
            amountsByKey.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(event.amountCents());
            assertThat(partitionByKey.computeIfAbsent(record.key(), k -> record.partition()))
                    .isEqualTo(record.partition());
        }
        assertThat(results).hasSize(50);
        amountsByKey.values().forEach(amounts -> assertThat(amounts).isSorted());
        assertThat(amountsByKey).hasSize(5);
    }
}
