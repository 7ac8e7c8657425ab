package io.herald.registry.internal.store;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code _schemas} topic, reached only through the Kafka clients: a producer that appends records, and a reader
 * thread that replays the topic from the start and then follows it, applying every record to a {@link RegistryState}.
 *
 * <p>{@link #append} returns once the reader has applied the appended record, so a write is visible to every read
 * that starts after it (read-your-writes). {@link #start} returns once the reader has applied every record that was in
 * the topic when it started.
 *
 * <p>Thread-safety: the reader thread owns the consumer and is the only caller of {@link RegistryState#apply}; the
 * producer is thread-safe; {@code lock} guards {@code nextOffset}, the offset after the last applied record.
 */
public final class SchemasTopic implements SchemaLog, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SchemasTopic.class);

    /**
     * The reader's {@code fetch.max.wait.ms}: how long the broker holds its fetch while the topic is idle. A new record
     * ends the wait at once (the fetch waits on its partition), so this only sets how often an idle reader asks again.
     * At Kafka's 500 ms default, the registry's and the rule host's readers and the broker's work for them were about
     * half of an idle Herald's CPU: the server, left alone for a minute and then measured for one, used 3.5% of a core
     * before this change to both readers and 1.5% after.
     */
    private static final Duration IDLE_FETCH_WAIT = Duration.ofSeconds(5);

    /**
     * The poll's timeout. Kept short, although records end a poll at once, because the reader publishes its position
     * after each poll: a fetch that moves the position without returning records (a control batch, or a batch whose
     * records compaction removed) would otherwise leave writers waiting in {@code awaitApplied} for the whole poll.
     */
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

    private final String bootstrapServers;
    private final String topic;
    private final TopicPartition partition;
    private final RegistryState state;
    private final Duration timeout;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition applied = lock.newCondition();
    private long nextOffset;
    private volatile boolean running = true;
    private KafkaProducer<byte[], byte[]> producer;
    private KafkaConsumer<byte[], byte[]> consumer;
    private Admin admin;
    private Thread reader;

    /**
     * @param timeout how long a write or the start-up replay may take before it fails
     */
    public SchemasTopic(String bootstrapServers, String topic, RegistryState state, Duration timeout) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.partition = new TopicPartition(topic, 0);
        this.state = state;
        this.timeout = timeout;
    }

    /** Creates the topic if absent (one partition, compacted), replays it into the state, and starts following. */
    public void start() throws TimeoutException, InterruptedException {
        admin = Admin.create(adminProperties());
        ensureTopic();
        producer = new KafkaProducer<>(producerProperties());
        consumer = new KafkaConsumer<>(consumerProperties());
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        long endOffset;
        try {
            endOffset = consumer.endOffsets(List.of(partition), timeout).get(partition);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new TimeoutException("cannot read the end offset of " + topic + " from " + bootstrapServers
                    + " within " + timeout.toMillis() + " ms");
        }
        reader = Thread.ofPlatform().name("herald-schemas-reader").daemon().start(this::readLoop);
        awaitApplied(endOffset - 1);
    }

    /**
     * Appends one record and waits until this registry's reader has applied it.
     *
     * @param value null for a tombstone
     * @return the record's offset
     */
    @Override
    public long append(byte[] key, byte[] value) throws TimeoutException, InterruptedException {
        long offset;
        try {
            offset = producer.send(new ProducerRecord<>(topic, 0, key, value))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .offset();
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot write to topic " + topic + ": " + e.getCause().getMessage(), e);
        }
        awaitApplied(offset);
        return offset;
    }

    /**
     * Waits until the reader applied every record the topic holds now, written by any instance: a writer that was
     * just elected decides on the whole history, and a forwarded write is visible here once it returns.
     */
    @Override
    public void catchUp() throws TimeoutException, InterruptedException {
        long endOffset;
        try {
            endOffset = admin.listOffsets(Map.of(partition, OffsetSpec.latest()))
                    .partitionResult(partition)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .offset();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the end offset of " + topic + ": " + e.getCause(), e);
        }
        awaitApplied(endOffset - 1);
    }

    private void awaitApplied(long offset) throws TimeoutException, InterruptedException {
        long deadlineNanos = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (nextOffset <= offset) {
                long leftNanos = deadlineNanos - System.nanoTime();
                if (leftNanos <= 0 || !running) {
                    throw new TimeoutException("the reader of topic " + topic + " did not reach offset " + offset
                            + " within " + timeout.toMillis() + " ms (it is at " + nextOffset + ")");
                }
                applied.awaitNanos(leftNanos);
            }
        } finally {
            lock.unlock();
        }
    }

    private void readLoop() {
        while (running) {
            try {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL_TIMEOUT)) {
                    applyOne(record);
                }
                long position = consumer.position(partition);
                lock.lock();
                try {
                    // compaction leaves gaps, so the consumer's position, not the last offset, says what was read
                    nextOffset = Math.max(nextOffset, position);
                    applied.signalAll();
                } finally {
                    lock.unlock();
                }
            } catch (WakeupException e) {
                // close() wakes the poll
            } catch (RuntimeException e) {
                LOG.error("reading topic {} failed; retrying", topic, e);
            }
        }
    }

    private void applyOne(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            LOG.warn("skipping record without key at offset {} of {}", record.offset(), topic);
            return;
        }
        try {
            state.apply(RecordCodec.decode(record.key(), record.value()));
        } catch (RuntimeException e) {
            // one bad record must not stop the registry: it is skipped, as Confluent's reader does
            LOG.error("skipping record at offset {} of {}: {}", record.offset(), topic, e.getMessage());
        }
    }

    private void ensureTopic() throws TimeoutException, InterruptedException {
        NewTopic newTopic = new NewTopic(topic, 1, (short) -1).configs(Map.of("cleanup.policy", "compact"));
        try {
            admin.createTopics(List.of(newTopic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(
                        "cannot create topic " + topic + " on " + bootstrapServers + ": " + e.getCause(), e);
            }
        }
        TopicDescription description;
        try {
            description = admin.describeTopics(Set.of(topic))
                    .allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .get(topic);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot describe topic " + topic + " on " + bootstrapServers + ": " + e.getCause(), e);
        }
        if (description.partitions().size() != 1) {
            throw new IllegalStateException("topic " + topic + " must have exactly 1 partition, has "
                    + description.partitions().size() + "; point kafkastore.topic at a one-partition topic");
        }
    }

    private Properties adminProperties() {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        return properties;
    }

    private Properties producerProperties() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return properties;
    }

    private Properties consumerProperties() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) IDLE_FETCH_WAIT.toMillis());
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return properties;
    }

    @Override
    public void close() {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (reader != null) {
            try {
                reader.join(timeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (consumer != null) {
            consumer.close(Duration.ZERO);
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (admin != null) {
            // an unreachable cluster leaves calls pending: do not wait for them
            admin.close(Duration.ZERO);
        }
    }
}
