package io.herald.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Kafka's own command-line tools (kafka-tools 4.4.0), each run in a child JVM against a Herald broker. */
@Timeout(180)
class KafkaToolsIT {
    @TempDir
    Path dataDir;

    @TempDir
    Path workDir;

    Broker broker;

    @BeforeEach
    void start() {
        broker = Broker.start(BrokerConfig.fromProperties(Map.of("listeners", "PLAINTEXT://127.0.0.1:0"))
                .withDataDir(dataDir));
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void kafkaTopicsCreatesListsDescribesAltersAndDeletes() throws Exception {
        topics(
                "--create",
                "--topic",
                "cli",
                "--partitions",
                "2",
                "--replication-factor",
                "1",
                "--config",
                "retention.ms=1000");
        assertThat(topics("--list").stdoutLines()).contains("cli");
        String described = topics("--describe", "--topic", "cli").stdout();
        assertThat(described).contains("PartitionCount: 2", "ReplicationFactor: 1", "retention.ms=1000");
        assertThat(described)
                .contains("Partition: 1", "Leader: " + broker.config().nodeId());

        topics("--alter", "--topic", "cli", "--partitions", "4");
        assertThat(topics("--describe", "--topic", "cli").stdout()).contains("PartitionCount: 4");

        topics("--delete", "--topic", "cli");
        assertThat(topics("--list").stdoutLines()).doesNotContain("cli");
    }

    @Test
    void kafkaConfigsDescribesAndAltersTopicConfigs() throws Exception {
        broker.topics().create("configured", 1, (short) 1, Map.of(), false);

        configs(
                "--entity-type",
                "topics",
                "--entity-name",
                "configured",
                "--alter",
                "--add-config",
                "retention.ms=5000,cleanup.policy=[delete,compact]");
        String described = configs("--entity-type", "topics", "--entity-name", "configured", "--describe")
                .stdout();
        assertThat(described).contains("retention.ms=5000", "cleanup.policy=delete,compact");

        configs("--entity-type", "topics", "--entity-name", "configured", "--alter", "--delete-config", "retention.ms");
        assertThat(configs("--entity-type", "topics", "--entity-name", "configured", "--describe")
                        .stdout())
                .doesNotContain("retention.ms=5000");
    }

    @Test
    void kafkaGetOffsetsPrintsEarliestAndLatest() throws Exception {
        broker.topics().create("offsets", 1, (short) 1, Map.of(), false);
        produce("offsets", 5);

        assertThat(getOffsets("--topic", "offsets", "--time", "-1").stdoutLines())
                .contains("offsets:0:5");
        assertThat(getOffsets("--topic", "offsets", "--time", "-2").stdoutLines())
                .contains("offsets:0:0");
    }

    @Test
    void kafkaBrokerApiVersionsListsWhatHeraldAdvertises() throws Exception {
        String out = KafkaTool.run(
                        workDir,
                        "org.apache.kafka.tools.BrokerApiVersionsCommand",
                        "",
                        "--bootstrap-server",
                        broker.bootstrapServers())
                .stdout();

        assertThat(out).contains("Produce(0): 0 to 13", "Fetch(1):", "CreateTopics(19): 2 to 7");
        for (String api : List.of(
                "Produce",
                "Fetch",
                "ListOffsets",
                "Metadata",
                "CreateTopics",
                "DeleteTopics",
                "DescribeConfigs",
                "AlterConfigs",
                "IncrementalAlterConfigs",
                "CreatePartitions",
                "DeleteRecords",
                "DescribeCluster",
                "DescribeTopicPartitions")) {
            assertThat(out.lines().filter(l -> l.trim().startsWith(api + "(")))
                    .as(api)
                    .singleElement()
                    .satisfies(line -> assertThat(line).doesNotContain("UNSUPPORTED"));
        }
    }

    @Test
    void consoleProducerLinesComeBackThroughTheConsoleConsumer() throws Exception {
        broker.topics().create("console", 1, (short) 1, Map.of(), false);

        KafkaTool.run(
                workDir,
                "org.apache.kafka.tools.ConsoleProducer",
                "first\nsecond\nthird\n",
                "--bootstrap-server",
                broker.bootstrapServers(),
                "--topic",
                "console");
        ChildProcess.Result consumed = KafkaTool.run(
                workDir,
                "org.apache.kafka.tools.consumer.ConsoleConsumer",
                "",
                "--bootstrap-server",
                broker.bootstrapServers(),
                "--topic",
                "console",
                "--partition",
                "0",
                "--offset",
                "earliest",
                "--max-messages",
                "3");

        assertThat(consumed.stdoutLines()).containsExactly("first", "second", "third");
    }

    private ChildProcess.Result topics(String... args) throws Exception {
        return KafkaTool.run(workDir, "org.apache.kafka.tools.TopicCommand", "", withBootstrap(args));
    }

    private ChildProcess.Result configs(String... args) throws Exception {
        return KafkaTool.run(workDir, "org.apache.kafka.tools.ConfigCommand", "", withBootstrap(args));
    }

    private ChildProcess.Result getOffsets(String... args) throws Exception {
        return KafkaTool.run(workDir, "org.apache.kafka.tools.GetOffsetShell", "", withBootstrap(args));
    }

    private String[] withBootstrap(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--bootstrap-server";
        all[1] = broker.bootstrapServers();
        System.arraycopy(args, 0, all, 2, args.length);
        return all;
    }

    private void produce(String topic, int count) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < count; i++)
                producer.send(new ProducerRecord<>(topic, 0, "k", "v" + i)).get();
        }
    }
}
