package io.herald.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kafkajs 2.2.4 consumers in a group against an in-process broker, through {@code src/test/js/consume-group.js}: two
 * consumers in one group split a multi-partition topic, every record reaches exactly one of them, and the offsets they
 * commit are what Admin reads back and what a later consumer of the group resumes from; when one leaves, the other is
 * given its partitions and goes on from the committed offsets.
 *
 * <p>node and the scripts' {@code node_modules} must be installed ({@code .ci/run} does both); if not, the test fails,
 * as in {@link KafkajsIT}.
 */
@Timeout(180)
class KafkajsGroupIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOPIC = "events";
    private static final String GROUP = "kafkajs-group";
    private static final int PARTITIONS = 4;

    @TempDir
    Path dataDir;

    @TempDir
    Path workDir;

    Broker broker;
    String node;
    Path scripts;

    @BeforeEach
    void start() {
        node = ChildProcess.require("node", "apt-get install nodejs npm");
        scripts = Path.of(System.getProperty("basedir", "."))
                .resolve("src/test/js")
                .toAbsolutePath();
        if (!Files.isDirectory(scripts.resolve("node_modules/kafkajs"))) {
            fail("kafkajs is not installed in %s: run .ci/run, or `npm ci` in that folder", scripts);
        }
        broker = Broker.start(BrokerConfig.fromProperties(
                        Map.of("listeners", "PLAINTEXT://127.0.0.1:0", "group.initial.rebalance.delay.ms", "0"))
                .withDataDir(dataDir));
        broker.topics().create(TOPIC, PARTITIONS, (short) 1, Map.of(), false);
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void twoConsumersInOneGroupSplitThePartitionsAndCommitWhatTheyRead() throws Exception {
        Map<String, Set<Integer>> assigned;
        List<Process> consumers = new ArrayList<>();
        try {
            consumers.add(startConsumer("kafkajs-a"));
            consumers.add(startConsumer("kafkajs-b"));
            assigned = awaitStable(2);
            JavaClients.produceToEveryPartition(broker, TOPIC, PARTITIONS, 0, 25);
            awaitRecords(List.of("kafkajs-a", "kafkajs-b"), PARTITIONS * 25);
            stopAll(consumers);
        } finally {
            for (Process consumer : consumers) ChildProcess.destroy(consumer);
        }
        List<String> a = records("kafkajs-a");
        List<String> b = records("kafkajs-b");

        assertThat(assigned.get("kafkajs-a")).isNotEmpty().doesNotContainAnyElementsOf(assigned.get("kafkajs-b"));
        assertThat(partitionsOf(a)).isEqualTo(assigned.get("kafkajs-a"));
        assertThat(partitionsOf(b)).isEqualTo(assigned.get("kafkajs-b"));
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        assertThat(all).containsExactlyInAnyOrderElementsOf(expected(0, 25));
        assertThat(JavaClients.committedOffsets(broker, GROUP)).isEqualTo(endOffsets(25));
    }

    @Test
    void whenOneConsumerLeavesTheOtherTakesOverItsPartitionsFromTheCommittedOffsets() throws Exception {
        List<Process> consumers = new ArrayList<>();
        Map<String, Set<Integer>> afterLeave;
        try {
            Process leaving = startConsumer("kafkajs-a");
            consumers.add(leaving);
            consumers.add(startConsumer("kafkajs-b"));
            awaitStable(2);
            JavaClients.produceToEveryPartition(broker, TOPIC, PARTITIONS, 0, 5);
            if (!JavaClients.awaitCommitted(broker, GROUP, endOffsets(5), WAIT)) {
                fail("the consumers did not commit %s%n%s", endOffsets(5), ChildProcess.errFiles(workDir));
            }
            stopAll(List.of(leaving));
            afterLeave = awaitStable(1);
            JavaClients.produceToEveryPartition(broker, TOPIC, PARTITIONS, 5, 5);
            awaitRecords(List.of("kafkajs-a", "kafkajs-b"), PARTITIONS * 10);
            stopAll(consumers.subList(1, 2));
        } finally {
            for (Process consumer : consumers) ChildProcess.destroy(consumer);
        }
        List<String> all = new ArrayList<>(records("kafkajs-a"));
        all.addAll(records("kafkajs-b"));

        assertThat(afterLeave).isEqualTo(Map.of("kafkajs-b", Set.of(0, 1, 2, 3)));
        // kafkajs-b starts kafkajs-a's partitions at the offsets kafkajs-a committed: nothing twice, nothing missing
        assertThat(all).containsExactlyInAnyOrderElementsOf(expected(0, 10));
        assertThat(JavaClients.committedOffsets(broker, GROUP)).isEqualTo(endOffsets(10));
    }

    @Test
    void aLaterConsumerInTheGroupResumesFromTheCommittedOffsets() throws Exception {
        JavaClients.produceToEveryPartition(broker, TOPIC, PARTITIONS, 0, 5);
        consumeAlone("kafkajs-first", PARTITIONS * 5);
        JavaClients.produceToEveryPartition(broker, TOPIC, PARTITIONS, 5, 3);

        consumeAlone("kafkajs-second", PARTITIONS * 3);

        // each partition is read in order from the committed offset, so a consumer that started anywhere earlier would
        // have printed older records before these
        assertThat(records("kafkajs-first")).containsExactlyInAnyOrderElementsOf(expected(0, 5));
        assertThat(records("kafkajs-second")).containsExactlyInAnyOrderElementsOf(expected(5, 3));
        assertThat(JavaClients.committedOffsets(broker, GROUP)).isEqualTo(endOffsets(8));
    }

    /** One consumer alone in the group until it has printed {@code count} records; then it is stopped. */
    private void consumeAlone(String clientId, int count) throws Exception {
        Process consumer = startConsumer(clientId);
        try {
            awaitRecords(List.of(clientId), count);
            stopAll(List.of(consumer));
        } finally {
            ChildProcess.destroy(consumer);
        }
    }

    private Process startConsumer(String clientId) throws IOException {
        return ChildProcess.start(
                List.of(
                        node,
                        scripts.resolve("consume-group.js").toString(),
                        broker.bootstrapServers(),
                        TOPIC,
                        GROUP,
                        clientId),
                workDir,
                out(clientId),
                workDir.resolve(clientId + ".err"));
    }

    /** Waits until the group is Stable with {@code members} members that each own partitions; their partitions. */
    private Map<String, Set<Integer>> awaitStable(int members) throws Exception {
        return JavaClients.awaitStableGroup(broker, GROUP, members, WAIT)
                .orElseGet(() -> fail(
                        "group %s never became Stable with %d members owning partitions%n%s",
                        GROUP, members, ChildProcess.errFiles(workDir)));
    }

    /** SIGTERM: the script disconnects (commits, leaves the group) and exits 0. */
    private void stopAll(List<Process> consumers) throws InterruptedException {
        for (Process consumer : consumers) {
            assertThat(ChildProcess.stop(consumer, WAIT))
                    .as("consumer exits on SIGTERM")
                    .isTrue();
            assertThat(consumer.exitValue())
                    .as("exit code%n%s", ChildProcess.errFiles(workDir))
                    .isZero();
        }
    }

    /** Waits until the consumers' outputs hold {@code count} records between them. */
    private void awaitRecords(List<String> clients, int count) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int seen = 0;
        while (System.nanoTime() < deadline) {
            seen = 0;
            for (String client : clients) seen += records(client).size();
            if (seen >= count) return;
            Thread.sleep(100);
        }
        fail("the consumers received %d of %d records%n%s", seen, count, ChildProcess.errFiles(workDir));
    }

    private Path out(String clientId) {
        return workDir.resolve(clientId + ".out");
    }

    /** The "partition offset key value" of each record a consumer printed, in the order it printed them. */
    private List<String> records(String clientId) throws IOException {
        return Files.readString(out(clientId))
                .lines()
                .filter(line -> line.startsWith("record "))
                .map(line -> line.substring("record ".length()))
                .toList();
    }

    private static Set<Integer> partitionsOf(List<String> records) {
        return records.stream()
                .map(line -> Integer.parseInt(line.split(" ")[0]))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<String> expected(int from, int perPartition) {
        List<String> lines = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            for (int i = from; i < from + perPartition; i++) {
                lines.add(p + " " + i + " k-" + p + "-" + i + " v-" + p + "-" + i);
            }
        }
        return lines;
    }

    private static Map<String, Long> endOffsets(long end) {
        Map<String, Long> offsets = new TreeMap<>();
        for (int p = 0; p < PARTITIONS; p++) offsets.put(TOPIC + "-" + p, end);
        return offsets;
    }
}
