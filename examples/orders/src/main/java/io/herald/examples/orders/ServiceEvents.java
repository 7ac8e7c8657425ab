package io.herald.examples.orders;

import io.herald.client.EventCodec;
import io.herald.client.EventHandler;
import io.herald.client.EventSubscriber;
import io.herald.client.JdbcInbox;
import io.herald.client.JdbcOutbox;
import io.herald.client.OutboxRelay;
import io.herald.client.RetryPolicy;
import io.herald.client.SchemaRegistryClient;
import io.herald.client.SchemaSerdeConfig;
import io.herald.client.TransactionalHandler;
import io.herald.client.Upcasters;
import io.herald.examples.orders.events.EventContracts;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * A service's connection to the broker, the same for all four: an outbox and its relay (every event a service
 * publishes is written in the transaction that decides it), an inbox (every handler runs once per event id, in its
 * own transaction) and a subscriber that can be stopped and started again, as a crash and a restart would.
 *
 * <p><b>Encoding.</b> Events are written and read with {@link EventCodec#jsonSchema}: each value is Confluent's wire
 * format (magic byte 0, the 4-byte schema id, the JSON), its schema the contract's file ({@link EventContracts}),
 * under subject {@code <topic>-<type>} of the registry at {@link ServiceSettings#schemaRegistryUrl()}. The codec never
 * registers ({@code auto.register.schemas=false}, as in production): with {@link ServiceSettings#registerSchemas()}
 * the service registers the schemas of the topic it publishes to when it starts; otherwise they must be registered
 * beforehand, and the service refuses to start if one is missing, naming the subject and the command.
 *
 * <p><b>Why writes are serialized.</b> Not for the outbox any more: the SDK's {@code OutboxRelay} deletes exactly the
 * rows it sent, and one order's events stay in order without a lock (handlers of one key run one at a time, each
 * commits before the next starts, and the relay publishes in id order). The lock stays for decisions that read what
 * a transaction under <i>another</i> key writes, which key order cannot serialize: the Order service holds a user's
 * orders on a fraud alert (keyed by user) and holds a new order at once if its user has an alert ({@code
 * OrderService.place}, an HTTP request). Run concurrently, an order placed while the alert's transaction is open would
 * see no alert, and the alert's transaction would not see the order: it would stay open although its user is under
 * review. One write transaction at a time per service ({@link #once}, {@link #inTransaction}) makes "placed before the
 * alert: held by it; placed after: held at once" exhaustive. It also keeps H2's row locks uncontended; H2 commits in
 * about a millisecond, which is cheap at the example's rates. The other three services would be correct without it
 * (their guards are conditional updates and one row per order) but share the class.
 *
 * <p>Thread-safety: {@link #startSubscriber} and {@link #stopSubscriber} serialize on a lock; the rest is
 * thread-safe as the SDK's classes are.
 */
public final class ServiceEvents implements AutoCloseable {
    /** Polls of the outbox when it was empty: short, so one order's events follow each other quickly. */
    private static final Duration RELAY_IDLE = Duration.ofMillis(20);
    /** Lock timeouts on a hot stock row under load are retried for a while before an event is dead-lettered. */
    private static final RetryPolicy RETRIES =
            new RetryPolicy(8, Duration.ofMillis(50), 2.0, Duration.ofSeconds(2), 0.2);

    private final String bootstrapServers;
    private final String groupId;
    private final String[] topics;
    private final EventCodec codec;
    private final JdbcOutbox outbox;
    private final JdbcInbox inbox;
    private final OutboxRelay relay;
    private final OpenTelemetrySdk telemetry;
    private final ReentrantLock subscriberLock = new ReentrantLock();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final javax.sql.DataSource dataSource;
    private UnaryOperator<EventSubscriber.Builder> handlers;
    private EventSubscriber subscriber; // guarded by subscriberLock

    /**
     * Creates the inbox and outbox tables and starts the relay. The subscriber starts with {@link #startSubscriber}.
     *
     * @param clock the time of the published events and of the inbox's rows
     * @param settings the cluster and the schema registry
     * @param source the CloudEvents source of what this service publishes, e.g. {@code /orders}
     * @param publishesTo the topic this service publishes to, whose schemas it registers if the settings say so
     * @param groupId the subscriber's consumer group, also the inbox's consumer name
     */
    public ServiceEvents(
            ServiceDatabase database,
            Clock clock,
            ServiceSettings settings,
            String source,
            String publishesTo,
            String groupId,
            String... topics)
            throws SQLException {
        this.bootstrapServers = settings.bootstrapServers();
        this.groupId = groupId;
        this.topics = topics.clone();
        this.dataSource = database.dataSource();
        SchemaRegistryClient registry = SchemaRegistryClient.create(settings.schemaRegistryUrl());
        if (settings.registerSchemas()) {
            EventContracts.register(registry, publishesTo);
        } else {
            EventContracts.requireRegistered(registry, publishesTo);
        }
        this.codec = codec(registry);
        this.outbox = new JdbcOutbox(database.dataSource(), "herald_outbox", source, codec, clock);
        this.inbox = new JdbcInbox(database.dataSource(), "herald_inbox", clock);
        outbox.createTableIfMissing();
        inbox.createTableIfMissing();
        this.telemetry = ServiceTelemetry.forService(source.substring(1));
        this.relay = new OutboxRelay(outbox, Map.of("bootstrap.servers", bootstrapServers), 500, telemetry);
        relay.start(RELAY_IDLE);
    }

    /**
     * The order system's codec on the registry {@code registry}: the contracts' schemas, never registering, no
     * upcasters (every change so far is BACKWARD compatible: see the README).
     */
    public static EventCodec codec(SchemaRegistryClient registry) {
        SchemaSerdeConfig config = SchemaSerdeConfig.forRegistry(registry.url()).withAutoRegisterSchemas(false);
        return EventCodec.jsonSchema(registry, config, EventContracts.schemas(), Upcasters.none());
    }

    /** The codec the outbox writes and the subscriber reads with. */
    public EventCodec codec() {
        return codec;
    }

    /** Where handlers and requests add the events they publish, in their own transaction. */
    public JdbcOutbox outbox() {
        return outbox;
    }

    /** Wraps the handlers so that each event id has its effect once. */
    public JdbcInbox inbox() {
        return inbox;
    }

    /**
     * {@code handler} made idempotent by the inbox (its writes and the event's id commit together) and serialized with
     * the service's other outbox writers (see the class comment).
     */
    public <T> EventHandler<T> once(TransactionalHandler<T> handler) {
        EventHandler<T> idempotent = inbox.idempotent(groupId, handler);
        return event -> {
            writeLock.lock();
            try {
                idempotent.handle(event);
            } finally {
                writeLock.unlock();
            }
        };
    }

    /** Work done in one transaction of the service's database. */
    @FunctionalInterface
    public interface TransactionWork<R> {
        /** Writes through {@code connection}; the caller commits. */
        R apply(Connection connection) throws SQLException;
    }

    /** Runs {@code work} in one transaction, serialized with the outbox writers, and commits it. */
    public <R> R inTransaction(TransactionWork<R> work) throws SQLException {
        writeLock.lock();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                R result = work.apply(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** The consumer name of this service in the inbox table. */
    public String consumerName() {
        return groupId;
    }

    /**
     * Starts the subscriber with the handlers {@code handlers} adds to the builder; remembered for restarts.
     *
     * @throws IllegalStateException if it is running already
     */
    public void startSubscriber(UnaryOperator<EventSubscriber.Builder> handlers) {
        subscriberLock.lock();
        try {
            if (subscriber != null) {
                throw new IllegalStateException("the subscriber of group " + groupId + " is running already");
            }
            this.handlers = Objects.requireNonNull(handlers, "handlers");
            subscriber = handlers.apply(EventSubscriber.builder()
                            .bootstrapServers(bootstrapServers)
                            .groupId(groupId)
                            .topics(topics)
                            .codec(codec)
                            .openTelemetry(telemetry)
                            .retryPolicy(RETRIES))
                    .start();
        } finally {
            subscriberLock.unlock();
        }
    }

    /**
     * Stops the subscriber. With {@link Duration#ZERO} its in-flight events are abandoned uncommitted, as in a crash:
     * the next subscriber of the group gets them again (duplicate deliveries the inbox must absorb).
     */
    public void stopSubscriber(Duration drain) {
        subscriberLock.lock();
        try {
            if (subscriber != null) {
                subscriber.close(drain);
                subscriber = null;
            }
        } finally {
            subscriberLock.unlock();
        }
    }

    /** Starts the subscriber again with the handlers of the last {@link #startSubscriber}. */
    public void restartSubscriber() {
        startSubscriber(handlers);
    }

    /** Stops the subscriber (finishing in-flight events) and the relay. */
    @Override
    public void close() {
        stopSubscriber(Duration.ofSeconds(10));
        relay.close();
        telemetry.close(); // flushes the spans not exported yet
    }
}
