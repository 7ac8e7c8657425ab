package io.herald.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(120)
class ConsumerGroupIT {
    @TempDir
    Path dataDir;

    Broker broker;

    @BeforeEach
    void start() {
        broker = startBroker();
    }

    private Broker startBroker() {
        return Broker.start(BrokerConfig.fromProperties(Map.of(
                        "listeners", "PLAINTEXT://127.0.0.1:0",
                        "num.partitions", "3",
                        "group.initial.rebalance.delay.ms", "0"))
                .withDataDir(dataDir));
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void groupResumesFromItsCommittedOffsetsAfterARestart() throws Exception {
        produce("orders", 0, 100);
        assertThat(consumeCommitting("orders", "billing", 100)).hasSize(100);
        broker.close();
        broker = startBroker();
        produce("orders", 100, 10);

        List<ConsumerRecord<String, String>> second = consumeCommitting("orders", "billing", 10);

        assertThat(second).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(values(100, 10));
    }

    @Test
    void twoGroupsOnOneTopicEachReceiveEveryRecordWhateverTheirProtocol() throws Exception {
        produce("fanout", 0, 200);

        List<ConsumerRecord<String, String>> classic = consumeCommitting("fanout", "audit", 200, Map.of());
        List<ConsumerRecord<String, String>> kip848 =
                consumeCommitting("fanout", "shipping", 200, Map.of("group.protocol", "consumer"));

        assertThat(classic).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(values(0, 200));
        assertThat(kip848).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(values(0, 200));
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            assertThat(admin.listGroups().all().get())
                    .extracting(g -> g.groupId() + ":" + g.type().orElseThrow())
                    .contains("audit:Classic", "shipping:Consumer");
            // one OffsetFetch (v8+) for both groups
            Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = admin.listConsumerGroupOffsets(Map.of(
                            "audit", new ListConsumerGroupOffsetsSpec(),
                            "shipping", new ListConsumerGroupOffsetsSpec()))
                    .all()
                    .get();
            for (String group : List.of("audit", "shipping")) {
                assertThat(committed.get(group).values().stream()
                                .mapToLong(OffsetAndMetadata::offset)
                                .sum())
                        .as("committed offsets of %s sum to the records read", group)
                        .isEqualTo(200);
            }
        }
    }

    @ParameterizedTest(name = "group.remote.assignor={0}")
    @ValueSource(strings = {"uniform", "range"})
    void adminDescribesAConsumerProtocolGroupWithItsMembersAndAssignment(String assignor) throws Exception {
        produce("described", 0, 10);
        Properties p = consumerProperties(
                "described-group", Map.of("group.protocol", "consumer", "group.remote.assignor", assignor));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p);
                Admin admin =
                        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            consumer.subscribe(List.of("described"));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (consumer.assignment().size() < 3 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100));
            }

            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of("described-group"))
                    .describedGroups()
                    .get("described-group")
                    .get();

            assertThat(group.type()).isEqualTo(GroupType.CONSUMER);
            assertThat(group.partitionAssignor()).isEqualTo(assignor);
            assertThat(group.groupState()).isEqualTo(GroupState.STABLE);
            assertThat(group.members())
                    .singleElement()
                    .satisfies(m -> assertThat(m.assignment().topicPartitions()).hasSize(3));
        }
    }

    private List<String> values(int from, int count) {
        List<String> values = new ArrayList<>();
        for (int i = from; i < from + count; i++) values.add("v" + i);
        return values;
    }

    private void produce(String topic, int from, int count) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = from; i < from + count; i++) producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i));
        }
    }

    /** Consumes until {@code count} records came (and 1 s more, to see extra ones), committing synchronously. */
    private List<ConsumerRecord<String, String>> consumeCommitting(String topic, String group, int count) {
        return consumeCommitting(topic, group, count, Map.of());
    }

    private List<ConsumerRecord<String, String>> consumeCommitting(
            String topic, String group, int count, Map<String, String> extra) {
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProperties(group, extra))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            long extraUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, extraUntil)) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) received.add(r);
                consumer.commitSync();
                if (received.size() >= count && extraUntil == Long.MAX_VALUE) {
                    extraUntil = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                }
            }
        }
        return received;
    }

    private Properties consumerProperties(String group, Map<String, String> extra) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.putAll(extra);
        return p;
    }
}
