package io.herald.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Topic administration through the real Java Admin client: create, list, describe, add partitions, delete. */
@Timeout(120)
class TopicAdminIT {
    @TempDir
    Path dataDir;

    Broker broker;
    Admin admin;

    @BeforeEach
    void start() {
        broker = startBroker();
        admin = Admin.create(adminProps());
    }

    @AfterEach
    void stop() {
        if (admin != null) admin.close();
        if (broker != null) broker.close();
    }

    @Test
    void createTopicReturnsItsPartitionsReplicationConfigsAndId() throws Exception {
        CreateTopicsResult result = admin.createTopics(
                List.of(new NewTopic("orders", 4, (short) 1).configs(Map.of("retention.ms", "3600000"))));

        result.all().get();
        assertThat(result.numPartitions("orders").get()).isEqualTo(4);
        assertThat(result.replicationFactor("orders").get()).isEqualTo(1);
        assertThat(result.topicId("orders").get())
                .isEqualTo(broker.topics().topic("orders").id());
        Config config = result.config("orders").get();
        assertThat(config.get("retention.ms").value()).isEqualTo("3600000");
        assertThat(config.get("retention.ms").source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
        assertThat(config.get("segment.bytes").source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
    }

    @Test
    void createTopicWithDefaultPartitionsAndReplicationUsesNumPartitions() throws Exception {
        admin.createTopics(List.of(new NewTopic("defaults", Optional.empty(), Optional.empty())))
                .all()
                .get();

        TopicDescription description =
                admin.describeTopics(List.of("defaults")).allTopicNames().get().get("defaults");
        assertThat(description.partitions()).hasSize(3);
    }

    @Test
    void validateOnlyCreatesNothing() throws Exception {
        CreateTopicsResult result = admin.createTopics(
                List.of(new NewTopic("dry", 2, (short) 1)), new CreateTopicsOptions().validateOnly(true));

        result.all().get();
        assertThat(result.numPartitions("dry").get()).isEqualTo(2);
        assertThat(admin.listTopics().names().get()).doesNotContain("dry");
    }

    @Test
    void creatingAnExistingTopicFailsWithTopicExists() throws Exception {
        admin.createTopics(List.of(new NewTopic("twice", 1, (short) 1))).all().get();

        assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("twice", 1, (short) 1)))
                        .all()
                        .get())
                .hasCauseInstanceOf(TopicExistsException.class);
    }

    @Test
    void invalidNamesReplicationFactorsAndPartitionCountsAreRefusedPerTopic() {
        CreateTopicsResult result = admin.createTopics(List.of(
                new NewTopic("bad/name", 1, (short) 1),
                new NewTopic("three-replicas", 1, (short) 3),
                new NewTopic("no-partitions", 0, (short) 1),
                new NewTopic("fine", 1, (short) 1)));

        assertThatThrownBy(() -> result.values().get("bad/name").get()).hasCauseInstanceOf(InvalidTopicException.class);
        assertThatThrownBy(() -> result.values().get("three-replicas").get())
                .hasCauseInstanceOf(InvalidReplicationFactorException.class);
        assertThatThrownBy(() -> result.values().get("no-partitions").get())
                .hasCauseInstanceOf(InvalidPartitionsException.class);
        assertThat(result.values().get("fine")).succeedsWithin(java.time.Duration.ofSeconds(30));
    }

    @Test
    void clientsCannotCreateOrDeleteTheInternalOffsetsTopic() throws Exception {
        assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("__consumer_offsets", 1, (short) 1)))
                        .all()
                        .get())
                .hasCauseInstanceOf(org.apache.kafka.common.errors.InvalidRequestException.class)
                .hasMessageContaining("internal");
        commitOneOffset(); // the coordinator creates it
        assertThat(admin.listTopics(new ListTopicsOptions().listInternal(true))
                        .names()
                        .get())
                .contains("__consumer_offsets");

        assertThatThrownBy(() ->
                        admin.deleteTopics(List.of("__consumer_offsets")).all().get())
                .hasCauseInstanceOf(InvalidTopicException.class);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            Future<RecordMetadata> send =
                    producer.send(new ProducerRecord<>("__consumer_offsets", 0, new byte[] {1}, new byte[] {2}));
            assertThatThrownBy(send::get).hasCauseInstanceOf(InvalidTopicException.class);
        }
        assertThat(admin.listTopics().names().get())
                .as("internal topics are not listed by default")
                .doesNotContain("__consumer_offsets");
    }

    private void commitOneOffset() throws Exception {
        admin.createTopics(List.of(new NewTopic("committed", 1, (short) 1)))
                .all()
                .get();
        admin.alterConsumerGroupOffsets(
                        "offsets-owner",
                        java.util.Map.of(
                                new org.apache.kafka.common.TopicPartition("committed", 0),
                                new org.apache.kafka.clients.consumer.OffsetAndMetadata(0)))
                .all()
                .get();
    }

    @Test
    void aBadConfigIsRefusedWithHeraldsMessage() {
        CreateTopicsResult result = admin.createTopics(List.of(
                new NewTopic("small-segments", 1, (short) 1).configs(Map.of("segment.bytes", "1024")),
                new NewTopic("unknown-config", 1, (short) 1).configs(Map.of("no.such.config", "1"))));

        assertThatThrownBy(() -> result.values().get("small-segments").get())
                .hasCauseInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("segment.bytes must be >= 1048576, was 1024");
        assertThatThrownBy(() -> result.values().get("unknown-config").get())
                .hasCauseInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("no.such.config");
    }

    @Test
    void manualAssignmentsAreAcceptedOnlyOnThisNode() throws Exception {
        int self = broker.config().nodeId();
        CreateTopicsResult result = admin.createTopics(List.of(
                new NewTopic("placed", Map.of(0, List.of(self), 1, List.of(self))),
                new NewTopic("elsewhere", Map.of(0, List.of(self + 1)))));

        result.values().get("placed").get();
        assertThat(broker.topics().topic("placed").partitionCount()).isEqualTo(2);
        assertThatThrownBy(() -> result.values().get("elsewhere").get())
                .hasCauseInstanceOf(InvalidReplicaAssignmentException.class);
    }

    @Test
    void listTopicsNamesEveryTopic() throws Exception {
        admin.createTopics(List.of(new NewTopic("a", 1, (short) 1), new NewTopic("b", 2, (short) 1)))
                .all()
                .get();

        assertThat(admin.listTopics().names().get()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void describeTopicsByNameAndByIdShowThisNodeLeadingEveryPartition() throws Exception {
        admin.createTopics(List.of(new NewTopic("described", 3, (short) 1)))
                .all()
                .get();
        Uuid id = broker.topics().topic("described").id();

        TopicDescription byName =
                admin.describeTopics(List.of("described")).allTopicNames().get().get("described");
        TopicDescription byId = admin.describeTopics(TopicCollection.ofTopicIds(List.of(id)))
                .allTopicIds()
                .get()
                .get(id);

        for (TopicDescription d : List.of(byName, byId)) {
            assertThat(d.name()).isEqualTo("described");
            assertThat(d.topicId()).isEqualTo(id);
            assertThat(d.partitions()).extracting(TopicPartitionInfo::partition).containsExactly(0, 1, 2);
            for (TopicPartitionInfo p : d.partitions()) {
                assertThat(p.leader().id()).isEqualTo(broker.config().nodeId());
                assertThat(p.replicas())
                        .extracting(Node::id)
                        .containsExactly(broker.config().nodeId());
                assertThat(p.isr())
                        .extracting(Node::id)
                        .containsExactly(broker.config().nodeId());
            }
        }
    }

    @Test
    void describeTopicsPagesThroughPartitionsWithACursor() throws Exception {
        admin.createTopics(List.of(new NewTopic("paged-a", 5, (short) 1), new NewTopic("paged-b", 3, (short) 1)))
                .all()
                .get();

        Map<String, TopicDescription> described = admin.describeTopics(
                        List.of("paged-a", "paged-b"), new DescribeTopicsOptions().partitionSizeLimitPerResponse(2))
                .allTopicNames()
                .get();

        assertThat(described.get("paged-a").partitions())
                .extracting(TopicPartitionInfo::partition)
                .containsExactly(0, 1, 2, 3, 4);
        assertThat(described.get("paged-b").partitions())
                .extracting(TopicPartitionInfo::partition)
                .containsExactly(0, 1, 2);
    }

    @Test
    void describingAnUnknownTopicFails() {
        assertThatThrownBy(() ->
                        admin.describeTopics(List.of("missing")).allTopicNames().get())
                .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
        assertThatThrownBy(() -> admin.describeTopics(TopicCollection.ofTopicIds(List.of(Uuid.randomUuid())))
                        .allTopicIds()
                        .get())
                .hasCauseInstanceOf(UnknownTopicIdException.class);
    }

    @Test
    void deletedTopicCreatedAgainHasANewIdAndStartsEmpty() throws Exception {
        admin.createTopics(List.of(new NewTopic("reborn", 1, (short) 1))).all().get();
        Uuid firstId = broker.topics().topic("reborn").id();
        produce("reborn", 0, 10);

        admin.deleteTopics(List.of("reborn")).all().get();
        assertThat(admin.listTopics().names().get()).doesNotContain("reborn");
        admin.createTopics(List.of(new NewTopic("reborn", 1, (short) 1))).all().get();

        assertThat(broker.topics().topic("reborn").id()).isNotEqualTo(firstId);
        TopicPartition tp = new TopicPartition("reborn", 0);
        assertThat(admin.listOffsets(Map.of(tp, OffsetSpec.latest()))
                        .partitionResult(tp)
                        .get()
                        .offset())
                .isZero();
    }

    @Test
    void deleteTopicById() throws Exception {
        admin.createTopics(List.of(new NewTopic("by-id", 1, (short) 1))).all().get();
        Uuid id = broker.topics().topic("by-id").id();

        admin.deleteTopics(TopicCollection.ofTopicIds(List.of(id))).all().get();

        assertThat(broker.topics().topic("by-id")).isNull();
        assertThatThrownBy(() -> admin.deleteTopics(TopicCollection.ofTopicIds(List.of(id)))
                        .all()
                        .get())
                .hasCauseInstanceOf(UnknownTopicIdException.class);
    }

    @Test
    void deletingAnUnknownTopicFails() {
        assertThatThrownBy(() -> admin.deleteTopics(List.of("never")).all().get())
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void createdPartitionsCanBeProducedTo() throws Exception {
        admin.createTopics(List.of(new NewTopic("growing", 1, (short) 1))).all().get();

        admin.createPartitions(Map.of("growing", NewPartitions.increaseTo(3)))
                .all()
                .get();

        assertThat(broker.topics().topic("growing").partitionCount()).isEqualTo(3);
        RecordMetadata sent = produce("growing", 2, 1).get(0);
        assertThat(sent.partition()).isEqualTo(2);
        assertThat(sent.offset()).isZero();
    }

    @Test
    void createPartitionsRefusesFewerPartitionsOtherNodesAndChangesNothingWhenValidating() throws Exception {
        admin.createTopics(List.of(new NewTopic("fixed", 2, (short) 1))).all().get();
        int other = broker.config().nodeId() + 1;

        assertThatThrownBy(() -> admin.createPartitions(Map.of("fixed", NewPartitions.increaseTo(2)))
                        .all()
                        .get())
                .hasCauseInstanceOf(InvalidPartitionsException.class);
        assertThatThrownBy(() -> admin.createPartitions(
                                Map.of("fixed", NewPartitions.increaseTo(3, List.of(List.of(other)))))
                        .all()
                        .get())
                .hasCauseInstanceOf(InvalidReplicaAssignmentException.class);
        admin.createPartitions(
                        Map.of("fixed", NewPartitions.increaseTo(5)),
                        new org.apache.kafka.clients.admin.CreatePartitionsOptions().validateOnly(true))
                .all()
                .get();
        assertThat(broker.topics().topic("fixed").partitionCount()).isEqualTo(2);
    }

    @Test
    void describeClusterShowsThisNodeAsTheOnlyBrokerAndController() throws Exception {
        DescribeClusterResult cluster = admin.describeCluster();

        assertThat(cluster.clusterId().get()).isEqualTo(broker.clusterId());
        assertThat(cluster.controller().get().id()).isEqualTo(broker.config().nodeId());
        assertThat(cluster.nodes().get()).singleElement().satisfies(node -> {
            assertThat(node.id()).isEqualTo(broker.config().nodeId());
            assertThat(node.port()).isEqualTo(broker.port());
            assertThat(node.isFenced()).isFalse();
        });
    }

    @Test
    void topicsIdsPartitionsAndConfigsSurviveARestart() throws Exception {
        admin.createTopics(List.of(new NewTopic("durable", 2, (short) 1).configs(Map.of("retention.bytes", "1000000"))))
                .all()
                .get();
        admin.createPartitions(Map.of("durable", NewPartitions.increaseTo(4)))
                .all()
                .get();
        Uuid id = broker.topics().topic("durable").id();
        admin.close();
        broker.close();

        broker = startBroker();
        admin = Admin.create(adminProps());

        TopicDescription d =
                admin.describeTopics(List.of("durable")).allTopicNames().get().get("durable");
        assertThat(d.topicId()).isEqualTo(id);
        assertThat(d.partitions()).hasSize(4);
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "durable");
        ConfigEntry retention = admin.describeConfigs(Set.of(resource))
                .all()
                .get()
                .get(resource)
                .get("retention.bytes");
        assertThat(retention.value()).isEqualTo("1000000");
        assertThat(retention.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
    }

    private Broker startBroker() {
        return Broker.start(
                BrokerConfig.fromProperties(Map.of("listeners", "PLAINTEXT://127.0.0.1:0", "num.partitions", "3"))
                        .withDataDir(dataDir));
    }

    private Properties adminProps() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return p;
    }

    private List<RecordMetadata> produce(String topic, int partition, int count) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        List<RecordMetadata> sent = new java.util.ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < count; i++) {
                sent.add(producer.send(new ProducerRecord<>(topic, partition, "k" + i, "v" + i))
                        .get());
            }
        }
        return sent;
    }
}
