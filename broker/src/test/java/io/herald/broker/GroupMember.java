package io.herald.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A consumer group member on its own thread, as a service runs one: it polls, "processes" (records what it received),
 * then commits what it processed with commitSync, and logs every record and every acknowledged commit into a shared
 * {@link GroupLedger}, so a test can check at-least-once delivery and that no committed record is consumed again.
 */
final class GroupMember implements AutoCloseable {
    private final String name;
    private final KafkaConsumer<String, String> consumer;
    private final GroupLedger ledger;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Collection<TopicPartition>> assignments = new CopyOnWriteArrayList<>();
    private final Thread thread;

    GroupMember(
            String name, String bootstrap, String group, String topic, Map<String, String> extra, GroupLedger ledger) {
        this.name = name;
        this.ledger = ledger;
        Properties p = consumerProperties(bootstrap, group);
        p.putAll(extra);
        if ("consumer".equals(p.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG))) {
            // The consumer protocol's timeouts are the broker's (group.consumer.*); the client refuses these.
            p.remove(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG);
            p.remove(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG);
        }
        this.consumer = new KafkaConsumer<>(p);
        this.thread = Thread.ofPlatform().name("member-" + name).start(() -> run(topic));
    }

    static Properties consumerProperties(String bootstrap, String group) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000");
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "500");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return p;
    }

    static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, String> records) {
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (ConsumerRecord<String, String> r : records) {
            next.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
        }
        return next;
    }

    private void run(String topic) {
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                assignments.add(List.copyOf(partitions));
            }
        });
        while (running.get()) {
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
            for (ConsumerRecord<String, String> r : records) ledger.consumed(name, r.partition(), r.offset());
            if (records.isEmpty()) continue;
            Map<TopicPartition, OffsetAndMetadata> next = nextOffsets(records);
            try {
                consumer.commitSync(next);
                next.forEach((tp, o) -> ledger.committed(name, tp.partition(), o.offset()));
            } catch (org.apache.kafka.common.KafkaException e) {
                // A rebalance took the partitions: the records stay uncommitted and another member gets them again.
            }
        }
    }

    /** The partitions each onPartitionsAssigned call gave this member, in order. */
    List<Collection<TopicPartition>> assignments() {
        return new ArrayList<>(assignments);
    }

    String name() {
        return name;
    }

    /** Stops polling and closes the consumer, which leaves the group (dynamic members) with a last LeaveGroup. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join();
        consumer.close();
    }
}
