package io.herald.cep.host;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
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
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules topic ({@code _herald_rules}: one partition, {@code cleanup.policy=compact}), reached only through the
 * Kafka clients, so it works on Apache Kafka as on Herald. Record key: the rule name (UTF-8); value: a
 * {@link DeployedRuleJson} document; a drop is a tombstone (null value). Compaction keeps each rule's last record,
 * which is all a host needs: replaying the topic from the beginning rebuilds every host's view.
 *
 * <p>A reader thread ({@code herald-rules-reader}) replays the topic from the beginning and then follows it, handing
 * every record to the listener in offset order. {@link #append} returns once the reader has handed the appended
 * record over (read-your-writes); {@link #start} once it has handed over every record present at start. A record
 * that is not a deployed rule is logged and skipped.
 *
 * <p>Thread-safety: the reader thread owns the consumer and is the only caller of the listener; the producer is
 * thread-safe; {@code lock} guards {@code nextOffset}, the offset after the last record handed over.
 */
final class RulesTopic implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RulesTopic.class);

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
     * records compaction removed) would otherwise leave writers waiting in {@code awaitHandedOver} for the whole poll.
     */
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

    private final String bootstrapServers;
    private final String topic;
    private final Map<String, String> clientProperties;
    private final TopicPartition partition;
    private final Duration timeout;
    private final BiConsumer<String, DeployedRule> listener;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition handedOver = lock.newCondition();
    private long nextOffset;
    private volatile boolean running = true;
    private KafkaProducer<String, byte[]> producer;
    private KafkaConsumer<String, byte[]> consumer;
    private Thread reader;

    /**
     * @param listener called on the reader thread with each record: the rule, or null for a tombstone
     * @param timeout how long the start-up replay or a write may take
     */
    RulesTopic(
            String bootstrapServers,
            String topic,
            Map<String, String> clientProperties,
            Duration timeout,
            BiConsumer<String, DeployedRule> listener) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.clientProperties = Map.copyOf(clientProperties);
        this.partition = new TopicPartition(topic, 0);
        this.timeout = timeout;
        this.listener = listener;
    }

    /** Creates the topic if absent, replays it to the listener, and keeps following it. */
    void start() throws TimeoutException, InterruptedException {
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
                    + " within " + timeout.toMillis() + " ms; check that the cluster is reachable");
        }
        reader = Thread.ofPlatform().name("herald-rules-reader").daemon().start(this::readLoop);
        awaitHandedOver(endOffset - 1);
    }

    /** Writes a rule (or a tombstone, {@code rule} null) and waits until the reader has handed it over. */
    void append(String name, DeployedRule rule) throws TimeoutException, InterruptedException {
        byte[] value = rule == null ? null : DeployedRuleJson.write(rule);
        long offset;
        try {
            offset = producer.send(new ProducerRecord<>(topic, 0, name, value))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .offset();
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot write rule " + name + " to topic " + topic + ": "
                            + e.getCause().getMessage(),
                    e);
        }
        awaitHandedOver(offset);
    }

    private void awaitHandedOver(long offset) throws TimeoutException, InterruptedException {
        long deadlineNanos = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (nextOffset <= offset) {
                long leftNanos = deadlineNanos - System.nanoTime();
                if (leftNanos <= 0 || !running) {
                    throw new TimeoutException("the reader of topic " + topic + " did not reach offset " + offset
                            + " within " + timeout.toMillis() + " ms (it is at " + nextOffset + ")");
                }
                handedOver.awaitNanos(leftNanos);
            }
        } finally {
            lock.unlock();
        }
    }

    private void readLoop() {
        while (running) {
            try {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL_TIMEOUT)) {
                    handOver(record);
                }
                long position = consumer.position(partition);
                lock.lock();
                try {
                    // compaction leaves gaps, so the consumer's position, not the last offset, says what was read
                    nextOffset = Math.max(nextOffset, position);
                    handedOver.signalAll();
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

    private void handOver(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            LOG.warn("skipping a record without key at offset {} of {}", record.offset(), topic);
            return;
        }
        DeployedRule rule;
        try {
            rule = record.value() == null ? null : DeployedRuleJson.read(record.value());
        } catch (IllegalArgumentException e) {
            LOG.error("skipping the record at offset {} of {}: {}", record.offset(), topic, e.getMessage());
            return;
        }
        if (rule != null && !rule.name().equals(record.key())) {
            LOG.error(
                    "skipping the record at offset {} of {}: key {} but rule {}",
                    record.offset(),
                    topic,
                    record.key(),
                    rule.name());
            return;
        }
        try {
            listener.accept(record.key(), rule);
        } catch (RuntimeException e) {
            // one rule that cannot start must not stop the others: the listener records its failure
            LOG.error("applying rule {} from offset {} of {} failed", record.key(), record.offset(), topic, e);
        }
    }

    private void ensureTopic() throws TimeoutException, InterruptedException {
        Properties p = common();
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        try (Admin admin = Admin.create(p)) {
            NewTopic newTopic = new NewTopic(topic, 1, (short) -1).configs(Map.of("cleanup.policy", "compact"));
            admin.createTopics(List.of(newTopic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(
                        "cannot create topic " + topic + " on " + bootstrapServers + ": "
                                + e.getCause().getMessage(),
                        e);
            }
        } catch (TimeoutException e) {
            throw new TimeoutException("cannot create topic " + topic + " on " + bootstrapServers + " within "
                    + timeout.toMillis() + " ms; check that the cluster is reachable");
        }
    }

    private Properties common() {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "herald-rules");
        return p;
    }

    private Properties producerProperties() {
        Properties p = common();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    private Properties consumerProperties() {
        Properties p = common();
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, Long.toString(IDLE_FETCH_WAIT.toMillis()));
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return p;
    }

    /** Stops the reader, then closes the clients. */
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
        if (producer != null) {
            producer.close(timeout);
        }
        if (consumer != null) {
            // No wait: the reader has no group to leave and no offsets to commit, and a waiting close would sit
            // behind the fetch the broker is holding for up to IDLE_FETCH_WAIT, to end the fetch session after it.
            consumer.close(Duration.ZERO);
        }
    }
}
