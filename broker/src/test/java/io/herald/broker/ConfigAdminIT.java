package io.herald.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.broker.topic.TopicConfigNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ConfigEntry.ConfigSource;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.requests.AlterConfigsResponse;
import org.apache.kafka.common.requests.DescribeConfigsResponse;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Describing and altering topic and broker configs through the Java Admin (and the legacy AlterConfigs, raw). */
@Timeout(120)
class ConfigAdminIT {
    private static final String TOPIC = "configured";
    private static final ConfigResource RESOURCE = new ConfigResource(ConfigResource.Type.TOPIC, TOPIC);

    @TempDir
    Path dataDir;

    Broker broker;
    Admin admin;

    @BeforeEach
    void start() throws Exception {
        broker = startBroker();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
        admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1).configs(Map.of("retention.ms", "3600000"))))
                .all()
                .get();
    }

    @AfterEach
    void stop() {
        if (admin != null) admin.close();
        if (broker != null) broker.close();
    }

    @Test
    void everyKnownConfigIsDescribedWithItsSource() throws Exception {
        Config config = describe();

        assertThat(config.entries()).extracting(ConfigEntry::name).containsAll(TopicConfigNames.names());
        assertThat(config.get("retention.ms").value()).isEqualTo("3600000");
        assertThat(config.get("retention.ms").source()).isEqualTo(ConfigSource.DYNAMIC_TOPIC_CONFIG);
        assertThat(config.get("retention.bytes").value()).isEqualTo("5000000");
        assertThat(config.get("retention.bytes").source()).isEqualTo(ConfigSource.STATIC_BROKER_CONFIG);
        ConfigEntry segmentBytes = config.get("segment.bytes");
        assertThat(segmentBytes.value()).isEqualTo("1073741824");
        assertThat(segmentBytes.source()).isEqualTo(ConfigSource.DEFAULT_CONFIG);
        assertThat(segmentBytes.isDefault()).isTrue();
        assertThat(segmentBytes.isReadOnly()).isFalse();
        assertThat(segmentBytes.isSensitive()).isFalse();
        assertThat(segmentBytes.type()).isEqualTo(ConfigEntry.ConfigType.INT);
        assertThat(config.get("cleanup.policy").type()).isEqualTo(ConfigEntry.ConfigType.LIST);
    }

    @Test
    void synonymsGoFromTheTopicToTheBrokerToKafkasDefault() throws Exception {
        Config config = admin.describeConfigs(Set.of(RESOURCE), new DescribeConfigsOptions().includeSynonyms(true))
                .all()
                .get()
                .get(RESOURCE);

        assertThat(config.get("retention.ms").synonyms())
                .extracting(s -> s.name() + "=" + s.value() + "@" + s.source())
                .containsExactly(
                        "retention.ms=3600000@DYNAMIC_TOPIC_CONFIG", "log.retention.ms=604800000@DEFAULT_CONFIG");
        assertThat(config.get("retention.bytes").synonyms())
                .extracting(s -> s.name() + "=" + s.value() + "@" + s.source())
                .containsExactly(
                        "log.retention.bytes=5000000@STATIC_BROKER_CONFIG", "log.retention.bytes=-1@DEFAULT_CONFIG");
    }

    @Test
    void requestedKeysAreHonoured() throws Exception {
        DescribeConfigsRequestData data = new DescribeConfigsRequestData()
                .setResources(List.of(new DescribeConfigsRequestData.DescribeConfigsResource()
                        .setResourceType(ConfigResource.Type.TOPIC.id())
                        .setResourceName(TOPIC)
                        .setConfigurationKeys(List.of("retention.ms", "no.such.config"))));
        try (RawKafkaConnection raw = new RawKafkaConnection(broker.host(), broker.port())) {
            DescribeConfigsResponse response = raw.<DescribeConfigsResponse>send(data, (short) 4);

            assertThat(response.data().results().get(0).configs())
                    .singleElement()
                    .satisfies(c -> assertThat(c.name()).isEqualTo("retention.ms"));
        }
    }

    @Test
    void describingAnUnknownTopicFails() {
        ConfigResource missing = new ConfigResource(ConfigResource.Type.TOPIC, "missing");

        assertThatThrownBy(() -> admin.describeConfigs(Set.of(missing)).all().get())
                .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void brokerConfigsAreDescribedUnderKafkasNames() throws Exception {
        String nodeId = Integer.toString(broker.config().nodeId());
        for (String name : List.of(nodeId, "")) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, name);
            Config config = admin.describeConfigs(Set.of(resource)).all().get().get(resource);

            assertThat(config.get("node.id").value()).isEqualTo(nodeId);
            assertThat(config.get("num.partitions").value()).isEqualTo("1");
            assertThat(config.get("num.partitions").source()).isEqualTo(ConfigSource.DEFAULT_CONFIG);
            assertThat(config.get("log.retention.bytes").value()).isEqualTo("5000000");
            assertThat(config.get("log.retention.bytes").source()).isEqualTo(ConfigSource.STATIC_BROKER_CONFIG);
            assertThat(config.get("log.segment.bytes").value()).isEqualTo("1073741824");
            assertThat(config.get("log.segment.bytes").isReadOnly()).isTrue();
            assertThat(config.get("connections.max.idle.ms").value()).isEqualTo("600000");
        }
    }

    @Test
    void incrementalSetAndDeleteApplyToThePartitionsAtOnce() throws Exception {
        alter(
                new AlterConfigOp(new ConfigEntry("segment.bytes", "2097152"), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry("retention.bytes", "123456789"), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry("retention.ms", null), AlterConfigOp.OpType.DELETE));

        Config config = describe();
        assertThat(config.get("segment.bytes").value()).isEqualTo("2097152");
        assertThat(config.get("retention.bytes").source()).isEqualTo(ConfigSource.DYNAMIC_TOPIC_CONFIG);
        assertThat(config.get("retention.ms").value()).isEqualTo("604800000");
        assertThat(config.get("retention.ms").source()).isEqualTo(ConfigSource.DEFAULT_CONFIG);
        var log = broker.topics().partition(new TopicPartition(TOPIC, 0)).log();
        assertThat(log.config().segmentBytes()).isEqualTo(2097152);
        assertThat(log.config().retentionBytes()).isEqualTo(123456789L);
    }

    @Test
    void appendAndSubtractEditListConfigs() throws Exception {
        alter(new AlterConfigOp(new ConfigEntry("cleanup.policy", "compact"), AlterConfigOp.OpType.APPEND));
        assertThat(describe().get("cleanup.policy").value()).isEqualTo("delete,compact");

        alter(new AlterConfigOp(new ConfigEntry("cleanup.policy", "delete"), AlterConfigOp.OpType.SUBTRACT));
        assertThat(describe().get("cleanup.policy").value()).isEqualTo("compact");
        assertThat(broker.topics().topic(TOPIC).config().compacted()).isTrue();
    }

    @Test
    void appendToAConfigThatIsNotAListIsInvalidConfig() {
        assertThatThrownBy(() ->
                        alter(new AlterConfigOp(new ConfigEntry("retention.ms", "1"), AlterConfigOp.OpType.APPEND)))
                .hasCauseInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("retention.ms");
    }

    @Test
    void aBadValueIsRefusedWithHeraldsMessageAndChangesNothing() throws Exception {
        assertThatThrownBy(() -> alter(
                        new AlterConfigOp(new ConfigEntry("retention.ms", "1000"), AlterConfigOp.OpType.SET),
                        new AlterConfigOp(new ConfigEntry("segment.bytes", "1024"), AlterConfigOp.OpType.SET)))
                .hasCauseInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("segment.bytes must be >= 1048576, was 1024");

        assertThat(describe().get("retention.ms").value()).isEqualTo("3600000");
    }

    @Test
    void validateOnlyChangesNothing() throws Exception {
        admin.incrementalAlterConfigs(
                        Map.of(
                                RESOURCE,
                                List.of(new AlterConfigOp(
                                        new ConfigEntry("retention.ms", "1000"), AlterConfigOp.OpType.SET))),
                        new AlterConfigsOptions().validateOnly(true))
                .all()
                .get();

        assertThat(describe().get("retention.ms").value()).isEqualTo("3600000");
    }

    @Test
    void brokerConfigsCannotBeAlteredAndTheMessageSaysWhy() {
        ConfigResource brokerResource = new ConfigResource(
                ConfigResource.Type.BROKER, Integer.toString(broker.config().nodeId()));

        assertThatThrownBy(() -> admin.incrementalAlterConfigs(Map.of(
                                brokerResource,
                                List.of(new AlterConfigOp(
                                        new ConfigEntry("log.retention.ms", "1000"), AlterConfigOp.OpType.SET))))
                        .all()
                        .get())
                .hasCauseInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("static")
                .hasMessageContaining("dynamic broker configs are not supported");
    }

    @Test
    void legacyAlterConfigsReplacesTheWholeOverrideSet() throws Exception {
        try (RawKafkaConnection raw = new RawKafkaConnection(broker.host(), broker.port())) {
            AlterConfigsResponse validated = legacyAlter(raw, Map.of("segment.ms", "3600000"), true);
            assertThat(validated.data().responses().get(0).errorCode()).isZero();
            assertThat(describe().get("segment.ms").source()).isEqualTo(ConfigSource.DEFAULT_CONFIG);

            AlterConfigsResponse altered = legacyAlter(raw, Map.of("segment.ms", "3600000"), false);
            assertThat(altered.data().responses().get(0).errorCode()).isZero();

            AlterConfigsResponse bad = legacyAlter(raw, Map.of("segment.bytes", "1024"), false);
            assertThat(bad.data().responses().get(0).errorCode()).isEqualTo(Errors.INVALID_CONFIG.code());
            assertThat(bad.data().responses().get(0).errorMessage())
                    .contains("segment.bytes must be >= 1048576, was 1024");
        }
        Config config = describe();
        assertThat(config.get("segment.ms").value()).isEqualTo("3600000");
        assertThat(config.get("segment.ms").source()).isEqualTo(ConfigSource.DYNAMIC_TOPIC_CONFIG);
        assertThat(config.get("retention.ms").source()).isEqualTo(ConfigSource.DEFAULT_CONFIG);
    }

    @Test
    void logAppendTimeSetLiveStampsRecordsWithTheBrokersTime() throws Exception {
        alter(new AlterConfigOp(new ConfigEntry("message.timestamp.type", "LogAppendTime"), AlterConfigOp.OpType.SET));
        long before = System.currentTimeMillis();

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps())) {
            producer.send(new ProducerRecord<>(TOPIC, 0, before - 60_000, "k", "v"))
                    .get();
        }

        ConsumerRecord<String, String> record = consumeOne(new TopicPartition(TOPIC, 0));
        assertThat(record.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(record.timestamp()).isBetween(before, System.currentTimeMillis());
    }

    @Test
    void alteredConfigsSurviveARestart() throws Exception {
        alter(new AlterConfigOp(new ConfigEntry("max.message.bytes", "2000000"), AlterConfigOp.OpType.SET));
        admin.close();
        broker.close();

        broker = startBroker();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));

        Config config = describe();
        assertThat(config.get("max.message.bytes").value()).isEqualTo("2000000");
        assertThat(config.get("retention.ms").value()).isEqualTo("3600000");
    }

    private Broker startBroker() {
        return Broker.start(BrokerConfig.fromProperties(
                        Map.of("listeners", "PLAINTEXT://127.0.0.1:0", "log.retention.bytes", "5000000"))
                .withDataDir(dataDir));
    }

    private Config describe() throws Exception {
        return admin.describeConfigs(Set.of(RESOURCE)).all().get().get(RESOURCE);
    }

    private void alter(AlterConfigOp... ops) throws Exception {
        Map<ConfigResource, Collection<AlterConfigOp>> request = Map.of(RESOURCE, List.of(ops));
        admin.incrementalAlterConfigs(request).all().get();
    }

    private static AlterConfigsResponse legacyAlter(
            RawKafkaConnection raw, Map<String, String> configs, boolean validate) throws Exception {
        AlterConfigsRequestData.AlterableConfigCollection entries =
                new AlterConfigsRequestData.AlterableConfigCollection();
        configs.forEach((k, v) -> entries.add(
                new AlterConfigsRequestData.AlterableConfig().setName(k).setValue(v)));
        AlterConfigsRequestData.AlterConfigsResourceCollection resources =
                new AlterConfigsRequestData.AlterConfigsResourceCollection();
        resources.add(new AlterConfigsRequestData.AlterConfigsResource()
                .setResourceType(ConfigResource.Type.TOPIC.id())
                .setResourceName(TOPIC)
                .setConfigs(entries));
        AlterConfigsRequestData data =
                new AlterConfigsRequestData().setResources(resources).setValidateOnly(validate);
        return raw.<AlterConfigsResponse>send(data, (short) 2);
    }

    private Properties producerProps() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return p;
    }

    private ConsumerRecord<String, String> consumeOne(TopicPartition tp) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            List<ConsumerRecord<String, String>> received = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
            assertThat(received).isNotEmpty();
            return received.get(0);
        }
    }
}
