package io.herald.registry.internal.election;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Elects the one registry instance that writes {@code _schemas}, through Kafka's consumer group protocol: every
 * instance joins the group {@code groupId} subscribed to the one-partition topic, and the group coordinator assigns
 * that partition to exactly one member at a time, which is the writer. The others forward writes to it; they find it
 * by describing the group: each member's {@code client.id} carries its HTTP URL (hex-encoded, as client ids allow few
 * characters).
 *
 * <p>The group uses the KIP-848 {@code consumer} protocol, which has no initial rebalance delay, so a lone instance is
 * the writer as soon as it joined. The member pauses the partition: it fetches nothing, the registry's reader
 * ({@code SchemasTopic}) reads the topic.
 *
 * <p>Like Confluent's election this is not a fence: a writer that stalls past its session may still finish a write
 * after another was elected. Each write first catches up to the end of the topic, which narrows that window.
 *
 * <p>Thread-safety: the {@code herald-schemas-election} thread owns the consumer; {@code writer} is volatile and
 * changes under {@code lock}, whose condition wakes threads waiting to become the writer; the admin client is
 * thread-safe.
 */
public final class WriterElection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WriterElection.class);
    private static final String CLIENT_ID_PREFIX = "herald-registry-";

    private final String bootstrapServers;
    private final String groupId;
    private final TopicPartition partition;
    private final Duration timeout;
    private volatile URI url;
    private volatile boolean writer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition writerChanged = lock.newCondition();
    private volatile boolean running = true;
    private KafkaConsumer<byte[], byte[]> consumer;
    private Admin admin;
    private Thread thread;

    public WriterElection(String bootstrapServers, String groupId, String topic, Duration timeout) {
        this.bootstrapServers = bootstrapServers;
        this.groupId = groupId;
        this.partition = new TopicPartition(topic, 0);
        this.timeout = timeout;
    }

    /**
     * Joins the group, then waits (up to the timeout) until some instance, maybe this one, is the writer.
     *
     * @param url where this instance's HTTP API is reached by the other instances
     */
    public void start(URI url) throws InterruptedException {
        this.url = url;
        consumer = new KafkaConsumer<>(consumerProperties());
        admin = Admin.create(adminProperties());
        thread = Thread.ofPlatform().name("herald-schemas-election").daemon().start(this::pollLoop);
        long deadlineNanos = System.nanoTime() + timeout.toNanos();
        // another instance may be the writer: the group's state says so, and the admin API can only be polled
        while (!awaitWriter(Duration.ofMillis(50))
                && writerUrl().filter(other -> !other.equals(url)).isEmpty()
                && System.nanoTime() < deadlineNanos) {
            // poll again
        }
    }

    /** This instance's URL, as the other instances see it. */
    public URI url() {
        return url;
    }

    /**
     * Waits until this instance is the writer, for at most {@code wait}: the group may already assign it the partition
     * while the assignment callback has not run yet.
     *
     * @return whether it is the writer
     */
    public boolean awaitWriter(Duration wait) throws InterruptedException {
        long deadlineNanos = System.nanoTime() + wait.toNanos();
        lock.lock();
        try {
            while (!writer) {
                long leftNanos = deadlineNanos - System.nanoTime();
                if (leftNanos <= 0) {
                    return false;
                }
                writerChanged.awaitNanos(leftNanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void setWriter(boolean value) {
        lock.lock();
        try {
            writer = value;
            writerChanged.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether this instance is the writer now. */
    public boolean isWriter() {
        return writer;
    }

    /** The URL of the instance that is the writer, from the group's description; empty when none is known. */
    public Optional<URI> writerUrl() {
        if (writer) {
            return Optional.of(url);
        }
        if (admin == null) {
            return Optional.empty();
        }
        try {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId))
                    .describedGroups()
                    .get(groupId)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            for (MemberDescription member : group.members()) {
                if (member.assignment().topicPartitions().contains(partition)) {
                    return decode(member.clientId());
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("cannot describe group {}: {}", groupId, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }

    private void pollLoop() {
        consumer.subscribe(List.of(partition.topic()), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                if (partitions.contains(partition)) {
                    consumer.pause(List.of(partition));
                    setWriter(true);
                    LOG.info("this registry ({}) is the writer of {}", url, partition.topic());
                }
            }

            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                if (partitions.contains(partition)) {
                    setWriter(false);
                    LOG.info("this registry ({}) is no longer the writer of {}", url, partition.topic());
                }
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                onPartitionsRevoked(partitions);
            }
        });
        while (running) {
            try {
                // Short on purpose: the consumer runs the rebalance callbacks only inside poll, so this bounds how
                // long a revoked instance may still take itself for the writer (no longer than one poll).
                consumer.poll(Duration.ofMillis(100));
            } catch (WakeupException e) {
                // close() wakes the poll
            } catch (RuntimeException e) {
                LOG.error("writer election for {} failed; retrying", partition.topic(), e);
            }
        }
        setWriter(false);
        consumer.close(Duration.ofSeconds(5)); // leaves the group, so another instance takes over at once
    }

    private String clientId() {
        return CLIENT_ID_PREFIX + HexFormat.of().formatHex(url.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<URI> decode(String clientId) {
        if (clientId == null || !clientId.startsWith(CLIENT_ID_PREFIX)) {
            return Optional.empty();
        }
        try {
            byte[] bytes = HexFormat.of().parseHex(clientId.substring(CLIENT_ID_PREFIX.length()));
            return Optional.of(URI.create(new String(bytes, StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private Properties consumerProperties() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        properties.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return properties;
    }

    private Properties adminProperties() {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        return properties;
    }

    @Override
    public void close() {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(timeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (admin != null) {
            admin.close(Duration.ZERO);
        }
    }
}
