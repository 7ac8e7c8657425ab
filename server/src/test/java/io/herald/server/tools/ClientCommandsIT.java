package io.herald.server.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.Broker;
import io.herald.broker.BrokerConfig;
import io.herald.server.HeraldCli;
import io.herald.server.HeraldCli.Result;
import io.herald.server.HeraldCli.Running;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client commands against an in-process broker (3 partitions per auto-created topic), run as {@code bin/herald}
 * would run them. Each test uses its own topic.
 */
@Timeout(120)
class ClientCommandsIT {
    @TempDir
    static Path dataDir;

    static Broker broker;
    static HeraldCli cli;

    @BeforeAll
    static void startBroker() {
        broker = Broker.start(
                BrokerConfig.fromProperties(Map.of("listeners", "PLAINTEXT://127.0.0.1:0", "num.partitions", "3"))
                        .withDataDir(dataDir));
        cli = HeraldCli.create().withEnvironment(Map.of("HERALD_BOOTSTRAP_SERVER", broker.bootstrapServers()));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) broker.close();
    }

    @Test
    void producedLinesWithKeysAndHeadersAreConsumedFromTheBeginning() {
        Result produced = cli.withStdin("a:1\nb:2\nc:3\n")
                .run("produce", "lines", "--key-separator", ":", "--header", "source=it", "--partition", "0");

        Result consumed = cli.run("consume", "lines", "--from-beginning", "--no-follow");

        assertThat(produced.exitCode()).as(produced.err()).isZero();
        assertThat(produced.err().strip()).isEqualTo("Produced 3 records: lines-0@0..2");
        assertThat(consumed.exitCode()).as(consumed.err()).isZero();
        assertThat(consumed.out().lines().map(ClientCommandsIT::withoutTimestamp))
                .containsExactly("0/0\ta\t1\tsource=it", "0/1\tb\t2\tsource=it", "0/2\tc\t3\tsource=it");
        assertThat(consumed.err()).contains("Processed a total of 3 messages");
    }

    @Test
    void consumeStartsAtTheOffsetOfOnePartition() {
        cli.run("produce", "offsets", "--partition", "1", "--value", "v0", "--value", "v1", "--value", "v2");

        Result consumed = cli.run(
                "consume", "offsets", "--partition", "1", "--offset", "1", "--no-follow", "--no-print-timestamp");

        assertThat(consumed.out().lines()).containsExactly("1/1\tnull\tv1\tNO_HEADERS", "1/2\tnull\tv2\tNO_HEADERS");
    }

    @Test
    void consumeStartsAtTheFirstRecordAtOrAfterTime() throws InterruptedException {
        cli.run("produce", "times", "--partition", "0", "--value", "before");
        Thread.sleep(50);
        Instant cut = Instant.now();
        Thread.sleep(50);
        cli.run("produce", "times", "--partition", "0", "--value", "after");

        Result consumed = cli.run("consume", "times", "--from-time", cut.toString(), "--no-follow");

        assertThat(consumed.out().lines().map(ClientCommandsIT::withoutTimestamp))
                .containsExactly("0/1\tnull\tafter\tNO_HEADERS");
    }

    @Test
    void consumeFollowsNewRecordsUntilMaxMessages() throws Exception {
        cli.run("produce", "follow", "--partition", "0", "--value", "before the consumer");
        Running consumer = cli.start("consume", "follow", "--max-messages", "2", "--no-print-key");
        for (int i = 0; !consumer.exitCode().isDone() && i < 300; i++) {
            cli.run("produce", "follow", "--partition", "0", "--value", "live" + i);
            Thread.sleep(100);
        }

        Result consumed = consumer.await(Duration.ofSeconds(30));

        assertThat(consumed.exitCode()).isZero();
        assertThat(consumed.out().lines()).hasSize(2).allMatch(line -> line.contains("\tlive"));
    }

    @Test
    void consumeWithAGroupCommitsExactlyWhatItPrinted() throws Exception {
        cli.run(
                "produce",
                "grouped",
                "--partition",
                "0",
                "--value",
                "a",
                "--value",
                "b",
                "--value",
                "c",
                "--value",
                "d");

        Result first = cli.run("consume", "grouped", "--group", "readers", "--from-beginning", "--max-messages", "2");
        Result second = cli.run("consume", "grouped", "--group", "readers", "--max-messages", "2");

        assertThat(first.out().lines().map(ClientCommandsIT::withoutTimestamp))
                .containsExactly("0/0\tnull\ta\tNO_HEADERS", "0/1\tnull\tb\tNO_HEADERS");
        assertThat(second.out().lines().map(ClientCommandsIT::withoutTimestamp))
                .as("the records fetched but not printed by the first run are the second's")
                .containsExactly("0/2\tnull\tc\tNO_HEADERS", "0/3\tnull\td\tNO_HEADERS");
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            assertThat(admin.listConsumerGroupOffsets("readers")
                            .partitionsToOffsetAndMetadata()
                            .get()
                            .get(new TopicPartition("grouped", 0))
                            .offset())
                    .isEqualTo(4);
        }
    }

    @Test
    void consumeStopsOnTheStopSignalAndExitsZero() throws Exception {
        cli.run("produce", "stopping", "--value", "x");
        Running consumer = HeraldCli.create()
                .withEnvironment(Map.of("HERALD_BOOTSTRAP_SERVER", broker.bootstrapServers()))
                .start("consume", "stopping", "--from-beginning");
        Thread.sleep(2_000);

        Result stopped = consumer.stopAndWait(Duration.ofSeconds(30));

        assertThat(stopped.exitCode()).isZero();
        assertThat(stopped.err()).contains("Processed a total of 1 messages");
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void everyCompressionRoundTrips(String compression) {
        String topic = "compressed-" + compression;
        cli.run("produce", topic, "--compression", compression, "--partition", "2", "--value", "squeezed");

        Result consumed = cli.run("consume", topic, "--from-beginning", "--no-follow", "--partition", "2");

        assertThat(consumed.out().lines().map(ClientCommandsIT::withoutTimestamp))
                .containsExactly("2/0\tnull\tsqueezed\tNO_HEADERS");
    }

    @Test
    void produceWithAcksZeroReportsNoOffsets() {
        Result produced = cli.run("produce", "fire-and-forget", "--acks", "0", "--partition", "0", "--value", "x");

        assertThat(produced.exitCode()).isZero();
        assertThat(produced.err()).contains("Produced 1 record: fire-and-forget-0 (acks=0");
    }

    @Test
    void consumeOfAMissingTopicSaysSoAndHowToCreateIt() {
        Result result = cli.run("consume", "no-such-topic");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .isEqualTo("herald consume: topic 'no-such-topic' does not exist on " + broker.bootstrapServers()
                        + "; create it with: herald topics create no-such-topic" + System.lineSeparator());
    }

    @Test
    void produceToAMissingTopicOnABrokerThatDoesNotCreateTopicsSaysSo(@TempDir Path otherDir) {
        try (Broker strict = Broker.start(BrokerConfig.fromProperties(
                        Map.of("listeners", "PLAINTEXT://127.0.0.1:0", "auto.create.topics.enable", "false"))
                .withDataDir(otherDir))) {
            Result result =
                    cli.run("produce", "absent", "--value", "x", "--bootstrap-server", strict.bootstrapServers());

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.err())
                    .contains("herald produce: topic 'absent' does not exist on " + strict.bootstrapServers())
                    .contains("herald topics create absent");
        }
    }

    @Test
    void unreachableBrokerIsNamedWithinSeconds() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        Result result = cli.run("topics", "list", "--bootstrap-server", "127.0.0.1:" + closedPort);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .startsWith("herald topics list: no answer from a Kafka broker at 127.0.0.1:" + closedPort
                        + " within 5000 ms");
    }

    @Test
    void topicsListShowsTopicsSorted() {
        cli.run("produce", "listed-b", "--value", "x");
        cli.run("produce", "listed-a", "--value", "x");

        Result listed = cli.run("topics", "list");

        assertThat(listed.out().lines().filter(name -> name.startsWith("listed-")))
                .containsExactly("listed-a", "listed-b");
    }

    @Test
    void topicsDescribeShowsPartitionsLeadersAndOffsets() {
        cli.run("produce", "described", "--partition", "0", "--value", "x", "--value", "y");

        Result described = cli.run("topics", "describe", "described");

        assertThat(described.exitCode()).as(described.err()).isZero();
        assertThat(described.out().lines().toList())
                .hasSize(4)
                .first()
                .asString()
                .startsWith("Topic: described\tTopicId: ")
                .contains("\tPartitionCount: 3\tReplicationFactor: 1\tConfigs: ");
        assertThat(described.out())
                .contains("\tTopic: described\tPartition: 0\tLeader: " + brokerNodeId() + "\tReplicas: 1\tIsr: 1"
                        + "\tEarliestOffset: 0\tLatestOffset: 2");
    }

    @Test
    void topicsCreateWithPartitionsAndConfigs() {
        Result created = cli.run("topics", "create", "created", "--partitions", "2", "--config", "retention.ms=60000");

        Result described = cli.run("topics", "describe", "created");

        assertThat(created.out()).isEqualTo("Created topic created." + System.lineSeparator());
        assertThat(described.out()).contains("PartitionCount: 2", "Configs: retention.ms=60000");
    }

    @Test
    void topicsCreateOfAnExistingTopicFailsUnlessIfNotExists() {
        cli.run("produce", "existing", "--value", "x");

        Result again = cli.run("topics", "create", "existing");
        Result ifNotExists = cli.run("topics", "create", "existing", "--if-not-exists");

        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("topic 'existing' already exists");
        assertThat(ifNotExists.exitCode()).isZero();
    }

    @Test
    void topicsAlterAddsPartitionsAndChangesConfigs() {
        cli.run("produce", "altered", "--value", "x");

        Result altered = cli.run(
                "topics",
                "alter",
                "altered",
                "--partitions",
                "4",
                "--config",
                "retention.ms=1000",
                "--delete-config",
                "segment.ms");
        Result described = cli.run("topics", "describe", "altered");

        assertThat(altered.exitCode()).as(altered.err()).isZero();
        assertThat(described.out()).contains("PartitionCount: 4", "retention.ms=1000");
    }

    @Test
    void topicsDeleteRemovesTheTopic() {
        cli.run("produce", "deleted", "--value", "x");

        Result deleted = cli.run("topics", "delete", "deleted");
        Result listed = cli.run("topics", "list");

        assertThat(deleted.out()).isEqualTo("Deleted topic deleted." + System.lineSeparator());
        assertThat(listed.out().lines()).doesNotContain("deleted");
    }

    private static int brokerNodeId() {
        return broker.config().nodeId();
    }

    /** A consumed line without its timestamp field, which is the second. */
    private static String withoutTimestamp(String line) {
        List<String> fields = List.of(line.split("\t", -1));
        assertThat(fields.get(1)).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        return fields.getFirst() + "\t" + String.join("\t", fields.subList(2, fields.size()));
    }
}
