package io.herald.examples.orders.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the order system's five topics and joins their events by correlation id into one timeline per order, with
 * the state the contract's table derives ({@link OrderStateTable}), and keeps the fraud alerts as their own list.
 *
 * <p>It reads with a plain {@link KafkaConsumer} outside any consumer group: every partition of the five topics is
 * assigned and read from the beginning, then followed; no offsets are committed, so each start rebuilds the view
 * from the log. Topics that do not exist yet (and partitions added later) are picked up when the topic list is
 * refreshed, every {@value #REFRESH_MS} ms.
 *
 * <p>Memory is bounded: the {@code maxOrders} most recently changed orders ({@value #DEFAULT_MAX_ORDERS} by default)
 * and the {@value #MAX_ALERTS} newest alerts. An event whose {@code ce_id} its order already has (a duplicate
 * delivery) appears once.
 *
 * <p>Threads: one platform thread, {@code herald-workflow-feed}, owns the consumer and is the only writer; queries
 * are safe from any thread (the join's lock). Listeners run on the feed's thread.
 */
public final class WorkflowFeed implements AutoCloseable {
    /** The order system's topics, as the contract names them. */
    public static final List<String> ORDER_TOPICS = List.of("orders", "inventory", "payments", "emails");
    /** The topic the CEP fraud rule writes its alerts to. */
    public static final String FRAUD_ALERTS_TOPIC = "fraud-alerts";
    /** How many orders are kept when the caller does not say. */
    public static final int DEFAULT_MAX_ORDERS = 1000;
    /** How many fraud alerts are kept. */
    public static final int MAX_ALERTS = 200;

    static final long REFRESH_MS = 2000;
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
    private static final Logger log = LoggerFactory.getLogger(WorkflowFeed.class);

    private final String bootstrapServers;
    private final OrderTimelines timelines;
    private final FeedRecordReader reader = new FeedRecordReader();
    private final List<FeedListener> listeners = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running;
    private volatile KafkaConsumer<byte[], byte[]> consumer;

    /**
     * A feed of the cluster at {@code bootstrapServers}, not started.
     *
     * @param bootstrapServers the brokers, for example {@code localhost:9092}
     * @param maxOrders how many orders to keep, at least 1
     */
    public WorkflowFeed(String bootstrapServers, int maxOrders) {
        this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        this.timelines = new OrderTimelines(maxOrders, MAX_ALERTS);
        this.thread = Thread.ofPlatform().name("herald-workflow-feed").daemon().unstarted(this::run);
    }

    /** A feed keeping {@value #DEFAULT_MAX_ORDERS} orders. */
    public WorkflowFeed(String bootstrapServers) {
        this(bootstrapServers, DEFAULT_MAX_ORDERS);
    }

    /** Starts reading on the feed's thread; returns at once. */
    public WorkflowFeed start() {
        running = true;
        thread.start();
        return this;
    }

    /** Adds a listener for later changes; the returned handle removes it. */
    public AutoCloseable addListener(FeedListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return () -> listeners.remove(listener);
    }

    /** The order with this id (its order id or its correlation id), if kept. */
    public Optional<OrderTimeline> timeline(String orderId) {
        return timelines.find(orderId);
    }

    /** At most {@code limit} orders, the most recently first seen first. */
    public List<OrderTimeline> orders(int limit) {
        return timelines.newest(limit);
    }

    /** At most {@code limit} fraud alerts, newest first. */
    public List<FraudAlert> alerts(int limit) {
        return timelines.newestAlerts(limit);
    }

    /** What changed after {@code afterSequence} (0: everything kept), as it is now. */
    public FeedChanges changesAfter(long afterSequence) {
        return timelines.changesAfter(afterSequence);
    }

    /** The latest change sequence, 0 before the first event. */
    public long lastSequence() {
        return timelines.lastSequence();
    }

    /** True from {@link #start()} until {@link #close()} has stopped the feed's thread. */
    public boolean running() {
        return running && thread.isAlive();
    }

    /** Stops reading and closes the consumer; waits for the feed's thread. */
    @Override
    public void close() {
        running = false;
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread.isAlive() && Thread.currentThread() != thread) {
            try {
                thread.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<byte[], byte[]> opened = new KafkaConsumer<>(consumerProperties())) {
                consumer = opened;
                if (!running) {
                    return; // closed while the consumer was being created: its wakeup went nowhere
                }
                follow(opened);
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                // the loop's boundary: a broker that went away, say; start over after a pause rather than die
                log.warn("workflow feed: reading {} failed, starting again: {}", bootstrapServers, e.toString());
                pause();
            }
        }
    }

    private void follow(KafkaConsumer<byte[], byte[]> consumer) {
        Set<TopicPartition> assigned = new HashSet<>();
        long nextRefreshMs = 0;
        while (running) {
            if (System.currentTimeMillis() >= nextRefreshMs) {
                assignNewPartitions(consumer, assigned);
                nextRefreshMs = System.currentTimeMillis() + REFRESH_MS;
            }
            if (assigned.isEmpty()) {
                pause();
                continue;
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL_TIMEOUT)) {
                apply(reader.read(record));
            }
        }
    }

    private void assignNewPartitions(KafkaConsumer<byte[], byte[]> consumer, Set<TopicPartition> assigned) {
        Map<String, List<PartitionInfo>> existing = consumer.listTopics(Duration.ofSeconds(5));
        List<TopicPartition> added = new ArrayList<>();
        for (String topic : topics()) {
            for (PartitionInfo partition : existing.getOrDefault(topic, List.of())) {
                TopicPartition topicPartition = new TopicPartition(topic, partition.partition());
                if (assigned.add(topicPartition)) {
                    added.add(topicPartition);
                }
            }
        }
        if (!added.isEmpty()) {
            consumer.assign(assigned);
            consumer.seekToBeginning(added);
        }
    }

    private void apply(FeedRecord record) {
        switch (record) {
            case FeedRecord.OrderEvent event ->
                timelines.add(event.entry()).ifPresent(changed -> {
                    for (FeedListener listener : listeners) {
                        notify(() -> listener.onOrderChanged(changed));
                    }
                });
            case FeedRecord.Alert alert ->
                timelines.add(alert.alert()).ifPresent(kept -> {
                    for (FeedListener listener : listeners) {
                        notify(() -> listener.onFraudAlert(kept));
                    }
                });
            case FeedRecord.Unreadable unreadable ->
                log.warn(
                        "workflow feed: skipped {}-{}@{}: {}",
                        unreadable.topic(),
                        unreadable.partition(),
                        unreadable.offset(),
                        unreadable.problem());
        }
    }

    /** One failing listener neither stops the feed nor the other listeners. */
    private static void notify(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.warn("workflow feed: a listener failed: {}", e.toString());
        }
    }

    private static List<String> topics() {
        List<String> all = new ArrayList<>(ORDER_TOPICS);
        all.add(FRAUD_ALERTS_TOPIC);
        return all;
    }

    private Properties consumerProperties() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "herald-workflow-feed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return properties;
    }

    private void pause() {
        try {
            Thread.sleep(POLL_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
