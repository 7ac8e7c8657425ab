package io.herald.broker;

import io.herald.broker.group.GroupCoordinator;
import io.herald.broker.handler.BrokerNode;
import io.herald.broker.handler.Handlers;
import io.herald.broker.network.KafkaListener;
import io.herald.broker.partition.AppendSignal;
import io.herald.broker.producer.ProducerIdAllocator;
import io.herald.broker.topic.TopicRegistry;
import io.herald.log.FlushScheduler;
import io.herald.log.LogMaintenanceLoop;
import io.herald.log.StorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Herald broker: the Kafka-protocol listener, the topics and their partition logs, producer state. {@link #start}
 * opens the data directory (recovering it after a crash), binds the listener and returns once clients can connect;
 * {@link #close} stops accepting, closes connections, and closes every log cleanly (flush, clean-shutdown marker).
 *
 * <p>Start order: lock the data directory, start the flush and maintenance threads, open the topics (log recovery
 * happens here), load the committed offsets of groups, then listen. Close runs it backwards, so no request is in flight when the logs close.
 *
 * <p>Thread-safety: every method may be called from any thread; {@link #close} is idempotent.
 */
public final class Broker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Broker.class);

    private final BrokerConfig config;
    private final DataDir dataDir;
    private final FlushScheduler flusher;
    private final LogMaintenanceLoop maintenance;
    private final AppendSignal signal;
    private final TopicRegistry topics;
    private final GroupCoordinator groups;
    private final KafkaListener listener;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Broker(
            BrokerConfig config,
            DataDir dataDir,
            FlushScheduler flusher,
            LogMaintenanceLoop maintenance,
            AppendSignal signal,
            TopicRegistry topics,
            GroupCoordinator groups,
            KafkaListener listener) {
        this.config = config;
        this.dataDir = dataDir;
        this.flusher = flusher;
        this.maintenance = maintenance;
        this.signal = signal;
        this.topics = topics;
        this.groups = groups;
        this.listener = listener;
    }

    /** Opens {@code config.dataDir()}, binds the listener and starts serving. */
    public static Broker start(BrokerConfig config) {
        Clock clock = Clock.systemUTC();
        DataDir dataDir = DataDir.open(config.dataDir(), config.nodeId());
        FlushScheduler flusher = new FlushScheduler(clock);
        LogMaintenanceLoop maintenance = new LogMaintenanceLoop(config.logRetentionCheckIntervalMs());
        AppendSignal signal = new AppendSignal();
        TopicRegistry topics = null;
        GroupCoordinator groups = null;
        KafkaListener listener = null;
        try {
            topics = TopicRegistry.open(
                    config.dataDir(),
                    config.topicDefaults(),
                    config.producerIdExpirationMs(),
                    flusher,
                    maintenance,
                    signal,
                    clock);
            ProducerIdAllocator producerIds = ProducerIdAllocator.open(config.dataDir());
            groups = GroupCoordinator.open(topics, config.groups(), clock, dataDir.clusterId());
            listener = KafkaListener.bind(
                    config.host(), config.port(), config.socketRequestMaxBytes(), config.connectionsMaxIdleMs());
            BrokerNode node = new BrokerNode(
                    dataDir.clusterId(),
                    config.nodeId(),
                    config.host(),
                    listener.address().getPort());
            listener.start(Handlers.dispatcher(config, topics, signal, producerIds, groups, node));
            LOG.info("Kafka protocol listening on {}:{}", config.host(), node.port());
            return new Broker(config, dataDir, flusher, maintenance, signal, topics, groups, listener);
        } catch (IOException | RuntimeException e) {
            if (listener != null) listener.close();
            if (groups != null) groups.close();
            maintenance.close();
            if (topics != null) topics.close();
            flusher.close();
            dataDir.close();
            if (e instanceof IOException io) throw new UncheckedIOException(io.getMessage(), io);
            throw (RuntimeException) e;
        }
    }

    public BrokerConfig config() {
        return config;
    }

    /** The host the listener is bound to. */
    public String host() {
        return config.host();
    }

    /** The port the listener is bound to: the configured one, or the free port picked for port 0. */
    public int port() {
        return listener.address().getPort();
    }

    /** {@code host:port}, for a client's {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return host() + ":" + port();
    }

    /** The cluster id, generated on the first start and kept in {@code meta.properties}. */
    public String clusterId() {
        return dataDir.clusterId();
    }

    /** The group coordinator of this broker, for in-process callers (tests). */
    public GroupCoordinator groups() {
        return groups;
    }

    /** The topics of this broker, for in-process callers (the server's CLI, tests). */
    public TopicRegistry topics() {
        return topics;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        signal.close();
        listener.close();
        groups.close();
        maintenance.close();
        try {
            topics.close();
        } catch (StorageException e) {
            LOG.error("closing the topics failed; the next start recovers them", e);
        }
        flusher.close();
        dataDir.close();
        LOG.info("broker stopped");
    }
}
