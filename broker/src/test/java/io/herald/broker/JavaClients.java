package io.herald.broker;

import io.herald.broker.partition.Partition;
import io.herald.log.FileRegion;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Java side of the interoperability tests: kafka-clients producing what a third-party client must read, reading
 * back what it wrote, and a look at the stored batches themselves, for what no client shows (the codec on disk).
 */
final class JavaClients {
    private JavaClients() {}

    /** Sends k0=v0, k1=v1, ... to partition 0 of {@code topic} in one batch (linger), waiting for every ack. */
    static void produce(Broker broker, String topic, int count, String compression)
            throws InterruptedException, ExecutionException {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps(broker, compression))) {
            List<Future<?>> acks = new ArrayList<>();
            for (int i = 0; i < count; i++) acks.add(producer.send(new ProducerRecord<>(topic, 0, "k" + i, "v" + i)));
            for (Future<?> ack : acks) ack.get();
        }
    }

    /**
     * Sends records {@code from} .. {@code from + perPartition - 1} to each of the {@code partitions} partitions of
     * {@code topic}: key k-partition-i, value v-partition-i; waits for every ack.
     */
    static void produceToEveryPartition(Broker broker, String topic, int partitions, int from, int perPartition)
            throws InterruptedException, ExecutionException {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps(broker, "none"))) {
            List<Future<?>> acks = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                for (int i = from; i < from + perPartition; i++) {
                    acks.add(producer.send(new ProducerRecord<>(topic, p, "k-" + p + "-" + i, "v-" + p + "-" + i)));
                }
            }
            for (Future<?> ack : acks) ack.get();
        }
    }

    /** Reads partition 0 of {@code topic} from the beginning until {@code count} records came or 30 s passed. */
    static List<ConsumerRecord<String, String>> consume(Broker broker, String topic, int count) {
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps(broker))) {
            List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
        }
        return received;
    }

    /** The codec of every batch stored in partition 0 of {@code topic}, read from the segment files. */
    static List<CompressionType> storedCodecs(Broker broker, String topic) throws IOException {
        return storedBatches(broker, topic).stream()
                .map(RecordBatch::compressionType)
                .toList();
    }

    /** Every batch stored in partition 0 of {@code topic}, as the segment files hold it. */
    static List<RecordBatch> storedBatches(Broker broker, String topic) throws IOException {
        Partition partition = broker.topics().partition(new TopicPartition(topic, 0));
        List<RecordBatch> batches = new ArrayList<>();
        for (FileRegion region : partition.read(0, Integer.MAX_VALUE).regions()) {
            MemoryRecords.readableRecords(region.read()).batches().forEach(batches::add);
        }
        return batches;
    }

    /**
     * The offsets {@code group} has committed, as {@code Admin.listConsumerGroupOffsets} reports them, by
     * "topic-partition" in order (readable in a failed assertion).
     */
    static Map<String, Long> committedOffsets(Broker broker, String group)
            throws InterruptedException, ExecutionException {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            Map<String, Long> offsets = new TreeMap<>();
            admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get()
                    .forEach((tp, committed) -> {
                        // null: the partition has no committed offset
                        if (committed != null) offsets.put(tp.toString(), committed.offset());
                    });
            return offsets;
        }
    }

    /** Waits until {@code group}'s committed offsets are {@code expected} (see {@link #committedOffsets}); false if not. */
    static boolean awaitCommitted(Broker broker, String group, Map<String, Long> expected, Duration timeout)
            throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (committedOffsets(broker, group).equals(expected)) return true;
            Thread.sleep(100);
        }
        return false;
    }

    /**
     * Waits until {@code group} is Stable with {@code members} members that each own partitions (so no rebalance is
     * left to move records between them) and returns each member's partitions by client id; empty if that did not
     * happen within {@code timeout}.
     */
    static Optional<Map<String, Set<Integer>>> awaitStableGroup(
            Broker broker, String group, int members, Duration timeout)
            throws InterruptedException, ExecutionException {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                ConsumerGroupDescription described;
                try {
                    described = admin.describeConsumerGroups(List.of(group))
                            .describedGroups()
                            .get(group)
                            .get();
                } catch (ExecutionException e) {
                    // the group does not exist until a first member's JoinGroup reaches the broker
                    if (!(e.getCause() instanceof GroupIdNotFoundException)) throw e;
                    Thread.sleep(100);
                    continue;
                }
                if (described.groupState() == GroupState.STABLE
                        && described.members().size() == members
                        && described.members().stream()
                                .noneMatch(m -> m.assignment().topicPartitions().isEmpty())) {
                    Map<String, Set<Integer>> assigned = new HashMap<>();
                    for (MemberDescription m : described.members()) {
                        assigned.put(
                                m.clientId(),
                                m.assignment().topicPartitions().stream()
                                        .map(TopicPartition::partition)
                                        .collect(Collectors.toCollection(TreeSet::new)));
                    }
                    return Optional.of(assigned);
                }
                Thread.sleep(100);
            }
            return Optional.empty();
        }
    }

    static Properties producerProps(Broker broker, String compression) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "50");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return p;
    }

    private static Properties consumerProps(Broker broker) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return p;
    }
}
