package io.herald.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.herald.client.EventMetadata;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/**
 * {@link CloudEventHeaders} against the CloudEvents SDK: a record it writes is the record the SDK's Kafka writer makes of
 * the same event, and reading gives what the SDK's reader followed by {@link CloudEventRecords#metadataOf} gives, on
 * every header set: the same attributes, or a rejection where the SDK rejects.
 */
class CloudEventHeadersTest {
    private static final List<String> KEYS = List.of(
            "ce_specversion",
            "ce_id",
            "ce_ID",
            "ce_source",
            "ce_type",
            "ce_time",
            "ce_subject",
            "ce_dataschema",
            "content-type",
            "Content-Type",
            "ce_datacontenttype",
            "ce_partitionkey",
            "ce_sequence",
            "ce_correlationid",
            "ce_causationid",
            "ce_traceparent",
            "ce_tracestate",
            "ce_custom1",
            "ce_bad-name",
            "ce_Data",
            "ce_",
            "other");
    private static final List<String> VALUES = List.of(
            "",
            "1.0",
            "0.3",
            "/orders",
            "urn:herald:event:OrderPlaced:2",
            "a b",
            "http://[bad",
            "42",
            "x",
            "application/cloudevents+json",
            "application/json",
            "2026-11-29T13:22:26.119Z",
            "2026-11-29T13:22:26Z",
            "2026-11-29t13:22:26z",
            "2026-11-29T13:22Z",
            "2026-02-30T00:00:00Z",
            "2026-11-29T13:22:26.123456789+01:00",
            "2026-11-29T13:22:26.1234567891Z",
            "2026-11-29T13:22:26-18:00",
            "2026-11-29T13:22:26+19:00",
            "2026-11-29T24:00:00Z",
            "2026-11-29T13:22:26+01:00:30",
            "+12026-11-29T13:22:26Z",
            "2026-11-29T13:22:26.Z",
            "2026-1-29T13:22:26Z",
            "2026-11-29T13:22:26+0100",
            "2026-11-29T13:22:26.5-00:30");

    private record Outcome(EventMetadata metadata, boolean rejected) {}

    @Property(tries = 2000)
    void readsWhatTheSdkReads(@ForAll("headerSets") List<Tuple.Tuple2<String, String>> headers) {
        Outcome sdk = outcome(() -> CloudEventRecords.metadataOf(CloudEventRecords.fromRecord(record(headers))));
        Outcome fast = outcome(() -> CloudEventHeaders.read(record(headers)));

        assertThat(fast).isEqualTo(sdk);
    }

    @Property(tries = 1000)
    void writesTheRecordTheSdkWrites(@ForAll("events") EventMetadata event, @ForAll boolean withData) {
        byte[] data = withData ? "{\"n\":1}".getBytes(StandardCharsets.UTF_8) : null;
        ProducerRecord<String, byte[]> sdk = writtenOrNull(() -> sdkRecord("orders", event, data));
        ProducerRecord<String, byte[]> fast = writtenOrNull(() -> CloudEventHeaders.toRecord("orders", event, data));

        if (sdk == null || fast == null) { // a time before 1970: no record timestamp, both refuse
            assertThat(fast).isNull();
            assertThat(sdk).isNull();
            return;
        }
        assertThat(fast.key()).isEqualTo(sdk.key());
        assertThat(fast.timestamp()).isEqualTo(sdk.timestamp());
        assertThat(fast.value()).isEqualTo(sdk.value());
        assertThat(headerSet(fast)).isEqualTo(headerSet(sdk));
    }

    @Property(tries = 1000)
    void formatsEveryTimeAsTheSdkDoes(@ForAll("instants") Instant instant, @ForAll("offsets") ZoneOffset offset) {
        OffsetDateTime time = instant.atOffset(offset);

        assertThat(EventTimes.format(time)).isEqualTo(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time));
    }

    @Property(tries = 1000)
    void parsesEveryTimeTheSdkWritesAsTheSdkDoes(
            @ForAll("instants") Instant instant, @ForAll("offsets") ZoneOffset offset) {
        String text = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atOffset(offset));

        assertThat(EventTimes.parse(text)).isEqualTo(OffsetDateTime.parse(text));
    }

    @Test
    void readsAnEventTheSdkWrote() {
        EventMetadata written = new EventMetadata(
                "0193a7c2-5e1f-7abc-8def-0123456789ab",
                URI.create("/orders"),
                "OrderPlaced",
                OffsetDateTime.parse("2026-11-29T13:22:26.119Z"),
                "order-7",
                "application/json",
                URI.create("urn:herald:event:OrderPlaced:2"),
                "order-7",
                12L,
                "corr-1",
                "cause-1",
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                "vendor=1");
        var produced = sdkRecord("orders", written, "{}".getBytes(StandardCharsets.UTF_8));
        var consumed = new ConsumerRecord<>(
                "orders",
                0,
                0L,
                0L,
                TimestampType.CREATE_TIME,
                0,
                0,
                produced.key(),
                produced.value(),
                produced.headers(),
                java.util.Optional.empty());

        assertThat(CloudEventHeaders.read(consumed)).isEqualTo(written);
    }

    @Provide
    Arbitrary<List<Tuple.Tuple2<String, String>>> headerSets() {
        Arbitrary<Tuple.Tuple2<String, String>> header = Combinators.combine(
                        Arbitraries.of(KEYS), Arbitraries.of(VALUES).injectNull(0.05))
                .as(Tuple::of);
        Arbitrary<List<Tuple.Tuple2<String, String>>> random = header.list().ofMaxSize(12);
        // most sets start as a valid event, so acceptance is tested as much as rejection
        Arbitrary<List<Tuple.Tuple2<String, String>>> fromValid = header.list()
                .ofMaxSize(6)
                .map(extra -> {
                    List<Tuple.Tuple2<String, String>> all = new ArrayList<>(List.of(
                            Tuple.of("ce_specversion", "1.0"),
                            Tuple.of("ce_id", "id-1"),
                            Tuple.of("ce_source", "/orders"),
                            Tuple.of("ce_type", "OrderPlaced")));
                    all.addAll(extra);
                    return all;
                });
        return Arbitraries.frequencyOf(Tuple.of(1, random), Tuple.of(3, fromValid));
    }

    @Provide
    Arbitrary<EventMetadata> events() {
        Arbitrary<String> text = Arbitraries.strings().ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> optional = text.injectNull(0.3);
        Arbitrary<URI> source = Arbitraries.of("/orders", "urn:herald:svc", "https://example.com/a?b=c")
                .map(URI::create);
        Arbitrary<OffsetDateTime> time =
                Combinators.combine(instants(), offsets()).as(Instant::atOffset).injectNull(0.2);
        Arbitrary<URI> dataSchema = Arbitraries.of("urn:herald:event:OrderPlaced:2", "https://s.example/v1")
                .map(URI::create)
                .injectNull(0.3);
        Arbitrary<Long> sequence = Arbitraries.longs().injectNull(0.3);
        return Combinators.combine(
                        Combinators.combine(text, source, text, time, optional, optional, dataSchema, optional)
                                .as(Tuple::of),
                        Combinators.combine(sequence, optional, optional, optional, optional)
                                .as(Tuple::of))
                .as((a, b) -> new EventMetadata(
                        a.get1(), a.get2(), a.get3(), a.get4(), a.get5(), a.get6(), a.get7(), a.get8(), b.get1(),
                        b.get2(), b.get3(), b.get4(), b.get5()));
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Arbitraries.longs()
                .between(-62_000_000_000L, 250_000_000_000L)
                .flatMap(seconds -> Arbitraries.of(0, 1_000_000, 119_000_000, 123_456_789, 100, 999_999_999)
                        .map(nanos -> Instant.ofEpochSecond(seconds, nanos)));
    }

    @Provide
    Arbitrary<ZoneOffset> offsets() {
        return Arbitraries.integers()
                .between(-18 * 4, 18 * 4)
                .map(quarters -> ZoneOffset.ofTotalSeconds(quarters * 15 * 60));
    }

    /** The record the CloudEvents SDK's Kafka writer makes of an event: the reference. */
    private static ProducerRecord<String, byte[]> sdkRecord(String topic, EventMetadata metadata, byte[] data) {
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(metadata.id())
                .withSource(metadata.source())
                .withType(metadata.type())
                .withTime(metadata.time())
                .withSubject(metadata.subject())
                .withDataSchema(metadata.dataSchema());
        if (data != null) {
            builder.withData(metadata.dataContentType(), data);
        }
        extension(builder, EventMetadata.PARTITION_KEY, metadata.partitionKey());
        extension(
                builder,
                EventMetadata.SEQUENCE,
                metadata.sequence() == null ? null : metadata.sequence().toString());
        extension(builder, EventMetadata.CORRELATION_ID, metadata.correlationId());
        extension(builder, EventMetadata.CAUSATION_ID, metadata.causationId());
        extension(builder, EventMetadata.TRACEPARENT, metadata.traceparent());
        extension(builder, EventMetadata.TRACESTATE, metadata.tracestate());
        CloudEvent event = builder.build();
        Long timestampMs =
                metadata.time() == null ? null : metadata.time().toInstant().toEpochMilli();
        return KafkaMessageFactory.<String>createWriter(topic, null, timestampMs, metadata.partitionKey())
                .writeBinary(event);
    }

    private static void extension(CloudEventBuilder builder, String name, String value) {
        if (value != null) {
            builder.withExtension(name, value);
        }
    }

    private static Set<String> headerSet(ProducerRecord<String, byte[]> record) {
        Set<String> headers = new HashSet<>();
        for (Header header : record.headers()) {
            headers.add(header.key() + "=" + new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }

    private static ConsumerRecord<String, byte[]> record(List<Tuple.Tuple2<String, String>> headers) {
        RecordHeaders recordHeaders = new RecordHeaders();
        for (var header : headers) {
            recordHeaders.add(
                    header.get1(), header.get2() == null ? null : header.get2().getBytes(StandardCharsets.UTF_8));
        }
        return new ConsumerRecord<>(
                "orders",
                0,
                0L,
                0L,
                TimestampType.CREATE_TIME,
                0,
                0,
                "key",
                "{}".getBytes(StandardCharsets.UTF_8),
                recordHeaders,
                java.util.Optional.empty());
    }

    private static ProducerRecord<String, byte[]> writtenOrNull(
            java.util.function.Supplier<ProducerRecord<String, byte[]>> write) {
        try {
            return write.get();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Outcome outcome(java.util.function.Supplier<EventMetadata> read) {
        try {
            return new Outcome(read.get(), false);
        } catch (RuntimeException e) {
            return new Outcome(null, true);
        }
    }
}
