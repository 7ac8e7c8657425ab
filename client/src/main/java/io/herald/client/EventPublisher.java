package io.herald.client;

import io.herald.client.internal.CloudEventHeaders;
import io.herald.client.internal.EventDescriptor;
import io.herald.client.internal.EventMetrics;
import io.herald.client.internal.EventTracing;
import io.herald.client.internal.OutgoingEvents;
import io.herald.client.internal.TopicCheck;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes typed events as CloudEvents in Kafka binary mode. Thread-safe: share one per service.
 *
 * <pre>{@code
 * try (EventPublisher publisher = EventPublisher.builder()
 *         .bootstrapServers("localhost:9092")
 *         .source("/orders-service")
 *         .defaultTopic("orders")
 *         .build()) {
 *     PublishResult result = publisher.publish(new OrderPlaced("o-1", 4200)).join();
 * }
 * }</pre>
 *
 * <p>Guarantees: the producer is idempotent with {@code acks=all} (a retried send is written once, in order); events with
 * the same partition key go to the same partition in publish order. The key is the event's {@link PartitionKey}, else
 * its {@link Key} component, else its subject. An event published on a handler's thread inherits the handled event's
 * correlation id and gets its id as causation id (see {@link HandlingContext}).
 *
 * <p>Failures complete the returned future with a {@link PublishException}: {@link TopicNotFoundException},
 * {@link EventTooLargeException}, {@link BrokerUnreachableException}, or the base class with the Kafka client's cause.
 * The first publish to a topic waits up to {@code max.block.ms} to confirm the topic exists.
 */
public final class EventPublisher implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final TopicCheck topicCheck;
    private final URI source;
    private final String defaultTopic;
    private final EventCodec codec;
    private final Clock clock;
    private final String bootstrapServers;
    private final long maxBlockMs;
    private final AtomicLong sequence = new AtomicLong();
    private final EventTracing tracing;
    private final EventMetrics metrics;

    private EventPublisher(Builder builder) {
        Map<String, Object> properties = builder.producerProperties();
        this.bootstrapServers = String.valueOf(properties.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
        this.maxBlockMs = builder.maxBlock.toMillis();
        this.producer = new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
        this.topicCheck = new TopicCheck(properties, maxBlockMs);
        this.source = builder.source;
        this.defaultTopic = builder.defaultTopic;
        this.codec = builder.codec;
        this.clock = builder.clock;
        this.tracing = new EventTracing(builder.openTelemetry);
        this.metrics = new EventMetrics(builder.openTelemetry);
    }

    /** Starts a publisher's configuration. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Publishes {@code event} to the default topic.
     *
     * @throws IllegalStateException if the publisher has no default topic
     * @throws IllegalArgumentException if the event is not a record
     */
    public CompletableFuture<PublishResult> publish(Object event) {
        if (defaultTopic == null) {
            throw new IllegalStateException(
                    "this publisher has no default topic; set Builder.defaultTopic or call publish(topic, event)");
        }
        return publish(defaultTopic, event, null);
    }

    /**
     * Publishes {@code event} to {@code topic}.
     *
     * @throws IllegalArgumentException if the event is not a record
     */
    public CompletableFuture<PublishResult> publish(String topic, Object event) {
        return publish(topic, event, null);
    }

    /**
     * Publishes {@code event} to {@code topic} with a CloudEvents {@code subject}, which is also the partition key when
     * the event names none.
     *
     * @param topic the topic, which must exist
     * @param event a record
     * @param subject what the event is about (an aggregate id), or null for the event's partition key
     * @return completes with the event's position once the broker has it on disk, or with a {@link PublishException}
     *     ({@link EventSchemaException} when a registry codec cannot resolve the event's schema)
     * @throws IllegalArgumentException if the event is not a record, cannot be written as JSON, or (registry codec)
     *     breaks its schema
     */
    public CompletableFuture<PublishResult> publish(String topic, Object event, String subject) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(event, "event");
        long start = metrics.start();
        EventDescriptor descriptor = EventDescriptor.of(event.getClass());
        byte[] data;
        try {
            data = codec.encode(topic, event);
        } catch (EventSchemaException e) {
            metrics.sent(topic, descriptor.type(), start, e);
            return CompletableFuture.failedFuture(e);
        }
        EventMetadata untraced = OutgoingEvents.metadataFor(
                descriptor, event, subject, source, clock, sequence.incrementAndGet(), codec.contentType());
        Span span = tracing.startSend(topic, untraced, data.length);
        EventMetadata metadata = tracing.withTraceContextOf(untraced, span);
        CompletableFuture<PublishResult> result = new CompletableFuture<>();
        try {
            topicCheck.requireExists(topic);
        } catch (PublishException e) {
            EventTracing.failed(span, e);
            metrics.sent(topic, metadata.type(), start, e);
            result.completeExceptionally(e);
            return result;
        }
        ProducerRecord<String, byte[]> record = CloudEventHeaders.toRecord(topic, metadata, data);
        // the callback keeps only what it needs, not the metadata and the data: it lives until the broker's
        // acknowledgement, and under load tens of thousands are waiting at once, which young collections copy
        String id = metadata.id();
        String type = metadata.type();
        int sizeBytes = data.length;
        producer.send(record, (recordMetadata, exception) -> {
            if (exception == null) {
                EventTracing.sent(span, recordMetadata.partition(), recordMetadata.offset());
                metrics.sent(topic, type, start, null);
                result.complete(new PublishResult(
                        id, recordMetadata.topic(), recordMetadata.partition(), recordMetadata.offset()));
            } else {
                PublishException failure = failure(topic, type, id, sizeBytes, exception);
                EventTracing.failed(span, failure);
                metrics.sent(topic, type, start, exception);
                result.completeExceptionally(failure);
            }
        });
        return result;
    }

    /**
     * Publishes {@code events} to {@code topic}, in list order (events of one key keep it), sent together as the
     * producer batches them.
     *
     * @return completes with every event's position once all are acknowledged, or with the first failure
     * @throws IllegalArgumentException if an event is not a record
     */
    public CompletableFuture<List<PublishResult>> publishAll(String topic, List<?> events) {
        List<CompletableFuture<PublishResult>> sent = new ArrayList<>(events.size());
        for (Object event : events) {
            sent.add(publish(topic, event, null));
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
                .thenApply(done -> sent.stream().map(CompletableFuture::join).toList());
    }

    private PublishException failure(String topic, String type, String id, int sizeBytes, Exception exception) {
        return switch (exception) {
            case RecordTooLargeException e -> new EventTooLargeException(type, id, sizeBytes, e);
            case UnknownTopicOrPartitionException e -> new TopicNotFoundException(topic, bootstrapServers, e);
            case TimeoutException e -> new BrokerUnreachableException(bootstrapServers, maxBlockMs, e);
            default ->
                new PublishException(
                        "event " + type + " " + id + " was not published to " + topic + ": " + exception.getMessage(),
                        exception);
        };
    }

    /** Sends what is buffered and waits until the broker has acknowledged it. */
    public void flush() {
        producer.flush();
    }

    /** Sends what is buffered, waits for it, then closes the producer. */
    @Override
    public void close() {
        producer.close();
        topicCheck.close();
    }

    /** A publisher's configuration; not thread-safe. */
    public static final class Builder {
        private final Map<String, Object> properties = new HashMap<>();
        private URI source;
        private String defaultTopic;
        private EventCodec codec = EventCodec.json();
        private Clock clock = Clock.systemUTC();
        private Duration maxBlock = Duration.ofSeconds(30);
        private OpenTelemetry openTelemetry;

        private Builder() {}

        /**
         * Where publish spans go; {@link GlobalOpenTelemetry} (a no-op unless an SDK or agent installed one) unless
         * set.
         */
        public Builder openTelemetry(OpenTelemetry openTelemetry) {
            this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
            return this;
        }

        /** The brokers to connect to, as in Kafka's {@code bootstrap.servers}. */
        public Builder bootstrapServers(String bootstrapServers) {
            properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            return this;
        }

        /**
         * Kafka producer properties (security, batching, compression...). Serializers are the SDK's; {@code acks} and
         * {@code enable.idempotence} may only be set to {@code all} and {@code true}.
         */
        public Builder properties(Map<String, ?> kafkaProperties) {
            properties.putAll(kafkaProperties);
            return this;
        }

        /** The CloudEvents {@code source} of every event: the publishing service, for example {@code /orders}. */
        public Builder source(String source) {
            this.source = URI.create(source);
            return this;
        }

        /** The topic of {@link EventPublisher#publish(Object)}. */
        public Builder defaultTopic(String topic) {
            this.defaultTopic = topic;
            return this;
        }

        /** How events become bytes; JSON by Jackson unless set ({@link EventCodec#jsonSchema} for the registry). */
        public Builder codec(EventCodec codec) {
            this.codec = Objects.requireNonNull(codec, "codec");
            return this;
        }

        /** The clock of the events' {@code time}; the system clock unless set. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How long a publish may wait for the broker's metadata ({@code max.block.ms}); 30 s unless set. */
        public Builder maxBlock(Duration maxBlock) {
            this.maxBlock = Objects.requireNonNull(maxBlock, "maxBlock");
            return this;
        }

        /**
         * The publisher.
         *
         * @throws IllegalStateException if the source or the bootstrap servers are missing
         * @throws IllegalArgumentException if the properties turn off idempotence or ask for fewer acks than all
         */
        public EventPublisher build() {
            if (source == null) {
                throw new IllegalStateException("an EventPublisher needs a source, for example .source(\"/orders\")");
            }
            if (openTelemetry == null) {
                openTelemetry = GlobalOpenTelemetry.get();
            }
            return new EventPublisher(this);
        }

        private Map<String, Object> producerProperties() {
            Map<String, Object> producer = new HashMap<>(properties);
            if (producer.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG) == null) {
                throw new IllegalStateException(
                        "an EventPublisher needs bootstrap.servers, for example .bootstrapServers(\"localhost:9092\")");
            }
            requireValue(producer, ProducerConfig.ACKS_CONFIG, "all", "-1");
            requireValue(producer, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            producer.put(ProducerConfig.ACKS_CONFIG, "all");
            producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            producer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlock.toMillis());
            producer.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
            producer.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
            return producer;
        }

        private static void requireValue(Map<String, Object> producer, String name, String... allowed) {
            Object value = producer.get(name);
            if (value == null) {
                return;
            }
            for (String ok : allowed) {
                if (ok.equalsIgnoreCase(value.toString())) {
                    return;
                }
            }
            throw new IllegalArgumentException(name + " must be " + allowed[0] + " for an EventPublisher (idempotent"
                    + " producer, nothing acknowledged is lost), was " + value + "; remove it from the properties");
        }
    }
}
