package io.herald.client;

import io.herald.client.internal.AnnotatedHandlers;
import io.herald.client.internal.DeadLetterWriter;
import io.herald.client.internal.DeliveryLoop;
import io.herald.client.internal.EventDescriptor;
import io.herald.client.internal.EventMetrics;
import io.herald.client.internal.EventTracing;
import io.herald.client.internal.FailureLog;
import io.herald.client.internal.Route;
import io.herald.client.internal.SubscriberSettings;
import io.herald.client.internal.TopicSetup;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Handles the events of some topics within a consumer group: each event type to its {@link EventHandler}, at least
 * once, with key-ordered parallelism. Thread-safe.
 *
 * <pre>{@code
 * EventSubscriber subscriber = EventSubscriber.builder()
 *         .bootstrapServers("localhost:9092")
 *         .groupId("billing")
 *         .topics("orders")
 *         .on(OrderPlaced.class, event -> bill(event.data()))
 *         .start();
 * ...
 * subscriber.close(); // finishes in-flight events, commits, leaves the group
 * }</pre>
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li><b>At least once.</b> A partition's offset is committed only below its lowest unfinished event, so every event
 *       not yet handled when a subscriber stops or crashes is delivered again; events finished above it may be too.
 *   <li><b>Key order.</b> Events of one partition with the same key are handled one at a time, in offset order; events
 *       with different keys are handled concurrently, each on a virtual thread. Events without a key are not ordered.
 *   <li><b>Backpressure.</b> A partition with {@code maxInFlightPerPartition} events in flight is paused and resumed
 *       when half have finished (in flight can exceed the limit by one poll's records). {@link #pause()} and {@link
 *       #resume()} pause all of them on request.
 *   <li><b>Failures.</b> A throwing handler is retried by the {@link RetryPolicy}; then the event is written to
 *       {@code <topic>.dlq} with {@link DeadLetterHeaders} and counts as handled. Records that are not CloudEvents, or
 *       whose data cannot be read, go to the dead-letter topic at once. Events of types with no handler are skipped.
 *   <li><b>Rebalance.</b> A revoked partition's in-flight events get {@code revocationDrain} to finish; then what is done
 *       is committed and the rest is left to the next owner (an abandoned handler may still be running; should the
 *       partition come back to this subscriber, events of its key wait for it).
 * </ul>
 *
 * <p>{@link Builder#start()} checks that the topics exist and creates each missing {@code <topic>.dlq} with the same
 * number of partitions.
 */
public final class EventSubscriber implements AutoCloseable {
    private final DeliveryLoop loop;
    private final Thread loopThread;
    private final FailureLog failures;

    private EventSubscriber(DeliveryLoop loop, Thread loopThread, FailureLog failures) {
        this.loop = loop;
        this.loopThread = loopThread;
        this.failures = failures;
    }

    /** Starts a subscriber's configuration. */
    public static Builder builder() {
        return new Builder();
    }

    /** The subscriber's state now. */
    public SubscriberHealth health() {
        FailureLog.LastFailure last = failures.last();
        return new SubscriberHealth(
                loop.running(),
                loop.pauseRequested(),
                loop.paused(),
                loop.inFlight(),
                loop.lag(),
                failures.count(),
                last == null ? null : last.description(),
                last == null ? null : last.at());
    }

    /**
     * Stops fetching new events, for example while a database the handlers write to is down, until {@link #resume()}.
     * Events already fetched are still handled, retried and committed; the subscriber stays in its group (it keeps
     * polling, so no rebalance follows, however long the pause), and partitions assigned to it meanwhile are paused
     * too. Returns at once; the pause takes effect at the delivery loop's next round, so a poll's events fetched just
     * before may still arrive. Calling it again does nothing.
     */
    public void pause() {
        loop.pause();
    }

    /** Fetches events again after {@link #pause()}, within the poll timeout (100 ms). */
    public void resume() {
        loop.resume();
    }

    /** Closes gracefully, giving in-flight events up to 30 s to finish. */
    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    /**
     * Stops polling, waits up to {@code drain} for in-flight events, commits what finished, interrupts the handlers still
     * running (their events will be delivered again) and leaves the group. Returns when all of that is done. Do not call
     * it from a handler.
     *
     * @param drain how long in-flight events may take; {@link Duration#ZERO} abandons them at once
     */
    public void close(Duration drain) {
        loop.requestClose(drain);
        try {
            loopThread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A subscriber's configuration; not thread-safe. */
    public static final class Builder {
        /** Polls' worth of events a partition may have in flight, unless {@link #maxInFlightPerPartition} is set. */
        private static final int POLLS_IN_FLIGHT = 5;

        /**
         * The subscriber's consumer's {@code max.poll.records} unless set: four times Kafka's default. Kafka keeps polls
         * small so that a loop handling them inline polls again within {@code max.poll.interval.ms}; this loop hands a
         * poll's records over and polls again at once, and a larger poll groups more events of each key into one
         * hand-over: 9–15% more events handled per second, with 13–16% less CPU (docs/benchmarks.md, session 15).
         */
        private static final int DEFAULT_MAX_POLL_RECORDS = 2_000;

        private final Map<String, Object> properties = new HashMap<>();
        private final Map<String, Route<?>> routes = new HashMap<>();
        private String groupId;
        private List<String> topics = List.of();
        private EventCodec codec = EventCodec.json();
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private Sleeper sleeper = Sleeper.THREAD_SLEEP;
        private RandomGenerator random = new Random();
        private Clock clock = Clock.systemUTC();
        private Integer maxInFlightPerPartition; // null: POLLS_IN_FLIGHT polls' worth (see maxInFlightPerPartition)
        private Duration revocationDrain = Duration.ofSeconds(10);
        private Duration pollTimeout = Duration.ofMillis(100);
        private StartPosition startPosition = StartPosition.committed();
        private Consumer<Map<TopicPartition, Long>> commitListener = offsets -> {};
        private OpenTelemetry openTelemetry;

        private Builder() {}

        /**
         * Where handling spans go; {@link GlobalOpenTelemetry} (a no-op unless an SDK or agent installed one) unless
         * set.
         */
        public Builder openTelemetry(OpenTelemetry openTelemetry) {
            this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
            return this;
        }

        /** The brokers to connect to, as in Kafka's {@code bootstrap.servers}. */
        public Builder bootstrapServers(String bootstrapServers) {
            properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            return this;
        }

        /**
         * Kafka consumer properties (security, fetch sizes, {@code group.instance.id}...). The SDK sets the
         * deserializers and turns auto commit off; {@code auto.offset.reset} is {@code earliest} and {@code
         * max.poll.records} 2,000 unless set here.
         */
        public Builder properties(Map<String, ?> kafkaProperties) {
            properties.putAll(kafkaProperties);
            return this;
        }

        /** The consumer group: subscribers with the same group share the partitions. Required. */
        public Builder groupId(String groupId) {
            this.groupId = groupId;
            return this;
        }

        /** The topics to read. Required; they must exist. */
        public Builder topics(String... topics) {
            this.topics = List.of(topics);
            return this;
        }

        /**
         * Handles events of {@code eventClass}'s type ({@link EventType} or the record's simple name) with
         * {@code handler}.
         *
         * @throws IllegalArgumentException if the type has a handler already or the class is not a record
         */
        public <T> Builder on(Class<T> eventClass, EventHandler<T> handler) {
            String type = EventDescriptor.of(eventClass).type();
            if (routes.putIfAbsent(type, new Route<>(eventClass, handler)) != null) {
                throw new IllegalArgumentException("event type " + type + " has a handler already; one per type");
            }
            return this;
        }

        /**
         * Handles events with the {@link HandlesEvent} methods of {@code handlers}, one event type each.
         *
         * @throws IllegalArgumentException if it has none, one has the wrong parameters, or a type has a handler
         *     already
         */
        public Builder handlers(Object handlers) {
            for (AnnotatedHandlers.Found found : AnnotatedHandlers.of(handlers)) {
                register(found.eventClass(), found.handler());
            }
            return this;
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private void register(Class<?> eventClass, EventHandler<?> handler) {
            on((Class) eventClass, (EventHandler) handler);
        }

        /** How event data is read, with the upcasters for old versions; JSON without upcasters unless set. */
        public Builder codec(EventCodec codec) {
            this.codec = Objects.requireNonNull(codec, "codec");
            return this;
        }

        /** Retries before dead-lettering; {@link RetryPolicy#defaults()} unless set. */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
            return this;
        }

        /** How retries wait; tests pass one that does not sleep. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** The source of retry jitter; must be thread-safe. */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** The clock of failure times in {@link SubscriberHealth}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * In-flight events per partition above which the partition is paused, until half of them have finished. Unless
         * set, 2,500: five polls' worth at Kafka's default {@code max.poll.records} of 500, or 5 × {@code
         * max.poll.records} when that is set. The subscriber's consumer polls up to 2,000 records unless {@code
         * max.poll.records} is set, and the limit stays at 2,500 then, so that events in flight do not take four times
         * the memory. A limit of two polls' worth paused the partitions of fast handlers between polls, which cost up
         * to half the handling throughput (docs/benchmarks.md, session 13). While a partition is paused, partitions
         * with at most a poll's worth of records left are paused with it, for up to {@code fetch.max.wait.ms}, so that
         * no fetch that waits on the broker delays its resumption (docs/sdk.md, "Pause and resume").
         *
         * @throws IllegalArgumentException if below 1
         */
        public Builder maxInFlightPerPartition(int maxInFlight) {
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("maxInFlightPerPartition must be >= 1, was " + maxInFlight);
            }
            this.maxInFlightPerPartition = maxInFlight;
            return this;
        }

        // a consumer setting the SDK's loop also needs, as the consumer reads it: the default when absent
        private static int intProperty(Map<String, Object> consumerProperties, String name, int defaultValue) {
            Object configured = consumerProperties.get(name);
            if (configured == null) {
                return defaultValue;
            }
            try {
                return Integer.parseInt(configured.toString().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a number, was " + configured, e);
            }
        }

        /** How long a revoked partition's in-flight events may take before they are abandoned; 10 s unless set. */
        public Builder revocationDrain(Duration drain) {
            this.revocationDrain = Objects.requireNonNull(drain, "drain");
            return this;
        }

        /** Where partitions start the first time they are assigned; the committed offset unless set. */
        public Builder startFrom(StartPosition position) {
            this.startPosition = Objects.requireNonNull(position, "position");
            return this;
        }

        /** Told each commit's offsets (the next offset to read, per partition), on the delivery loop's thread. */
        public Builder onCommit(Consumer<Map<TopicPartition, Long>> listener) {
            this.commitListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Checks the topics, creates missing dead-letter topics and starts the delivery loop.
         *
         * @throws IllegalStateException if the group, the topics, the handlers or bootstrap servers are missing, or a
         *     topic does not exist
         */
        public EventSubscriber start() {
            if (groupId == null || groupId.isBlank()) {
                throw new IllegalStateException("an EventSubscriber needs a groupId");
            }
            if (topics.isEmpty()) {
                throw new IllegalStateException("an EventSubscriber needs topics, for example .topics(\"orders\")");
            }
            if (routes.isEmpty()) {
                throw new IllegalStateException("an EventSubscriber needs at least one handler: .on(Type.class, ...)");
            }
            if (properties.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG) == null) {
                throw new IllegalStateException("an EventSubscriber needs bootstrap.servers");
            }
            TopicSetup.requireTopicsAndCreateDeadLetterTopics(properties, topics);
            Map<String, Object> consumerProperties = new HashMap<>(properties);
            consumerProperties.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
            consumerProperties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            consumerProperties.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            consumerProperties.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
            consumerProperties.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
            boolean pollSizeSet = consumerProperties.get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG) != null;
            consumerProperties.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, DEFAULT_MAX_POLL_RECORDS);
            OpenTelemetry telemetry = openTelemetry == null ? GlobalOpenTelemetry.get() : openTelemetry;
            int maxPollRecords =
                    intProperty(consumerProperties, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, DEFAULT_MAX_POLL_RECORDS);
            int defaultMaxInFlight =
                    POLLS_IN_FLIGHT * (pollSizeSet ? maxPollRecords : ConsumerConfig.DEFAULT_MAX_POLL_RECORDS);
            int fetchMaxWaitMs = intProperty(
                    consumerProperties,
                    ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                    ConsumerConfig.DEFAULT_FETCH_MAX_WAIT_MS);
            SubscriberSettings settings = new SubscriberSettings(
                    groupId,
                    topics,
                    Map.copyOf(routes),
                    codec,
                    retryPolicy,
                    sleeper,
                    random,
                    maxInFlightPerPartition != null ? maxInFlightPerPartition : defaultMaxInFlight,
                    maxPollRecords,
                    Duration.ofMillis(fetchMaxWaitMs),
                    revocationDrain,
                    pollTimeout,
                    startPosition,
                    commitListener,
                    new EventTracing(telemetry),
                    new EventMetrics(telemetry));
            FailureLog failures = new FailureLog(clock);
            var consumer =
                    new KafkaConsumer<>(consumerProperties, new StringDeserializer(), new ByteArrayDeserializer());
            DeliveryLoop loop = new DeliveryLoop(
                    consumer,
                    settings,
                    Executors.newThreadPerTaskExecutor(Thread.ofVirtual()
                            .name("herald-handler-" + groupId + "-", 0)
                            .factory()),
                    new DeadLetterWriter(properties, groupId),
                    failures);
            Thread loopThread = Thread.ofPlatform()
                    .name("herald-subscriber-" + groupId)
                    .daemon()
                    .start(loop);
            return new EventSubscriber(loop, loopThread, failures);
        }
    }
}
