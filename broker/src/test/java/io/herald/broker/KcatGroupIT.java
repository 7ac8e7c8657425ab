package io.herald.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

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
 * kcat's balanced consumer ({@code -G}: librdkafka 2.0.2's KafkaConsumer, Debian's kcat 1.7.1) against an in-process
 * broker: two kcat processes in one group split a multi-partition topic, every record reaches exactly one of them, and
 * the offsets they commit (auto-commit, and on close) are what Admin reads back and what a later kcat resumes from.
 * When one kcat leaves (SIGTERM: LeaveGroup) or is killed (SIGKILL: its session expires on the broker), the other is
 * given its partitions and goes on from the committed offsets.
 *
 * <p>kcat must be installed ({@code .ci/run} does it); a missing kcat fails the test, as in {@link KcatIT}.
 */
@Timeout(180)
class KcatGroupIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOPIC = "events";
    private static final String GROUP = "kcat-group";
    private static final int PARTITIONS = 4;

    @TempDir
    Path dataDir;

    @TempDir
    Path workDir;

    Broker broker;
    String kcat;

    @BeforeEach
    void start() {
        kcat = ChildProcess.require("kcat", "apt-get install kcat");
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
    void twoKcatsInOneGroupSplitThePartitionsAndCommitWhatTheyRead() throws Exception {
        Map<String, Set<Integer>> assigned;
        Map<String, List<String>> received = new TreeMap<>();
        List<Process> consumers = new ArrayList<>();
        try {
            consumers.add(startKcat("kcat-a"));
            consumers.add(startKcat("kcat-b"));
            assigned = awaitBothOwnPartitions();
            JavaClients.produceToEveryPartition(broker, TOPIC, PARTITIONS, 0, 25);
            awaitRecords(List.of("kcat-a", "kcat-b"), PARTITIONS * 25);
            for (Process consumer : consumers) {
                assertThat(ChildProcess.stop(consumer, WAIT))
                        .as("kcat exits on SIGTERM")
                        .isTrue();
            }
        } finally {
            for (Process consumer : consumers) ChildProcess.destroy(consumer);
        }
        for (String client : List.of("kcat-a", "kcat-b")) received.put(client, lines(client));

        assertThat(assigned.get("kcat-a")).isNotEmpty().doesNotContainAnyElementsOf(assigned.get("kcat-b"));
        for (String client : received.keySet()) {
            assertThat(partitionsOf(received.get(client)))
                    .as("partitions %s read", client)
                    .isEqualTo(assigned.get(client));
        }
        List<String> all = new ArrayList<>(received.get("kcat-a"));
        all.addAll(received.get("kcat-b"));
        assertThat(all).containsExactlyInAnyOrderElementsOf(expected(0, 25));
        assertThat(JavaClients.committedOffsets(broker, GROUP)).isEqualTo(endOffsets(25));
    }

    @Test
    void whenOneKcatLeavesTheOtherTakesOverItsPartitionsFromTheCommittedOffsets() throws Exception {
        List<Process> consumers = new ArrayList<>();
        Map<String, Set<Integer>> afterLeave;
        try {
            Process leaving = startKcat("kcat-a");
            consumers.add(leaving);
            consumers.add(startKcat("kcat-b"));
            awaitBothOwnPartitions();
            JavaClients.produceToEveryPartition(broker, TOPIC, PARTITIONS, 0, 5);
            awaitCommitted(endOffsets(5));
            assertThat(ChildProcess.stop(leaving, WAIT))
                    .as("kcat-a exits on SIGTERM")
                    .isTrue();
            afterLeave = awaitOnlyMember();
            JavaClients.produceToEveryPartition(broker, TOPIC, PARTITIONS, 5, 5);
            awaitRecords(List.of("kcat-a", "kcat-b"), PARTITIONS * 10);
            for (Process consumer : consumers)
                assertThat(ChildProcess.stop(consumer, WAIT)).isTrue();
        } finally {
            for (Process consumer : consumers) ChildProcess.destroy(consumer);
        }
        List<String> all = new ArrayList<>(lines("kcat-a"));
        all.addAll(lines("kcat-b"));

        assertThat(afterLeave).isEqualTo(Map.of("kcat-b", Set.of(0, 1, 2, 3)));
        // kcat-b starts kcat-a's partitions at the offsets kcat-a committed: nothing twice, nothing missing
        assertThat(all).containsExactlyInAnyOrderElementsOf(expected(0, 10));
        assertThat(JavaClients.committedOffsets(broker, GROUP)).isEqualTo(endOffsets(10));
    }

    @Test
    void aKilledKcatsPartitionsGoToTheOtherOnceItsSessionTimesOut() throws Exception {
        List<Process> consumers = new ArrayList<>();
        Map<String, Set<Integer>> afterKill;
        // Kafka's smallest session timeout (group.min.session.timeout.ms), so the test waits as little as it can
        String[] session = {"-X", "session.timeout.ms=6000", "-X", "heartbeat.interval.ms=1000"};
        try {
            Process killed = startKcat("kcat-a", session);
            consumers.add(killed);
            consumers.add(startKcat("kcat-b", session));
            awaitBothOwnPartitions();
            JavaClients.produceToEveryPartition(broker, TOPIC, PARTITIONS, 0, 5);
            awaitCommitted(endOffsets(5));
            ChildProcess.destroy(killed); // SIGKILL: no LeaveGroup, only the missing heartbeats tell the broker
            afterKill = awaitOnlyMember();
            JavaClients.produceToEveryPartition(broker, TOPIC, PARTITIONS, 5, 5);
            awaitRecords(List.of("kcat-a", "kcat-b"), PARTITIONS * 10);
            for (Process consumer : consumers) ChildProcess.stop(consumer, WAIT);
        } finally {
            for (Process consumer : consumers) ChildProcess.destroy(consumer);
        }
        List<String> all = new ArrayList<>(lines("kcat-a"));
        all.addAll(lines("kcat-b"));

        assertThat(afterKill).isEqualTo(Map.of("kcat-b", Set.of(0, 1, 2, 3)));
        assertThat(all).containsExactlyInAnyOrderElementsOf(expected(0, 10));
        assertThat(JavaClients.committedOffsets(broker, GROUP)).isEqualTo(endOffsets(10));
    }

    @Test
    void aLaterKcatInTheGroupResumesFromTheCommittedOffsets() throws Exception {
        JavaClients.produceToEveryPartition(broker, TOPIC, PARTITIONS, 0, 5);
        List<String> first = kcatToEnd("kcat-first");
        JavaClients.produceToEveryPartition(broker, TOPIC, PARTITIONS, 5, 3);

        List<String> second = kcatToEnd("kcat-second");

        assertThat(first).containsExactlyInAnyOrderElementsOf(expected(0, 5));
        assertThat(second).containsExactlyInAnyOrderElementsOf(expected(5, 3));
        assertThat(JavaClients.committedOffsets(broker, GROUP)).isEqualTo(endOffsets(8));
    }

    /**
     * {@code kcat -G} in the background, printing "partition offset key value" lines, auto-committing every 100 ms;
     * {@code options} go before the group.
     */
    private Process startKcat(String clientId, String... options) throws Exception {
        List<String> command = new ArrayList<>(kcatCommand(clientId));
        command.addAll(command.size() - 3, List.of(options));
        return ChildProcess.start(command, workDir, out(clientId), workDir.resolve(clientId + ".err"));
    }

    /** Waits until kcat-a and kcat-b are the group's Stable members, each owning partitions; their partitions. */
    private Map<String, Set<Integer>> awaitBothOwnPartitions() throws Exception {
        return JavaClients.awaitStableGroup(broker, GROUP, 2, WAIT)
                .orElseGet(() -> fail(
                        "group %s never became Stable with both kcats owning partitions%n%s",
                        GROUP, ChildProcess.errFiles(workDir)));
    }

    /** Waits until the group is Stable with one member, and returns its partitions by client id. */
    private Map<String, Set<Integer>> awaitOnlyMember() throws Exception {
        return JavaClients.awaitStableGroup(broker, GROUP, 1, WAIT)
                .orElseGet(() -> fail(
                        "group %s never became Stable with one member%n%s", GROUP, ChildProcess.errFiles(workDir)));
    }

    private void awaitCommitted(Map<String, Long> offsets) throws Exception {
        if (!JavaClients.awaitCommitted(broker, GROUP, offsets, WAIT)) {
            fail(
                    "group %s committed %s, not %s%n%s",
                    GROUP, JavaClients.committedOffsets(broker, GROUP), offsets, ChildProcess.errFiles(workDir));
        }
    }

    /** {@code kcat -G -e}: one consumer alone in the group, reading to the end of every partition, then exiting. */
    private List<String> kcatToEnd(String clientId) throws Exception {
        List<String> command = new ArrayList<>(kcatCommand(clientId));
        command.add(command.size() - 1, "-e");
        return ChildProcess.run(command, workDir, "", WAIT).assertSuccess().stdoutLines();
    }

    private List<String> kcatCommand(String clientId) {
        return List.of(
                kcat,
                "-b",
                broker.bootstrapServers(),
                "-X",
                "client.id=" + clientId,
                "-X",
                "enable.auto.commit=true",
                "-X",
                "auto.commit.interval.ms=100",
                "-X",
                "auto.offset.reset=earliest",
                "-f",
                "%p %o %k %s\\n",
                // unbuffered: the test reads the output of a running kcat, which would hold it back until exit
                "-u",
                "-G",
                GROUP,
                TOPIC);
    }

    /** Waits until the kcats' outputs hold {@code count} records between them. */
    private void awaitRecords(List<String> clients, int count) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int seen = 0;
        while (System.nanoTime() < deadline) {
            seen = 0;
            for (String client : clients) seen += lines(client).size();
            if (seen >= count) return;
            Thread.sleep(100);
        }
        fail("the kcats received %d of %d records%n%s", seen, count, ChildProcess.errFiles(workDir));
    }

    private Path out(String clientId) {
        return workDir.resolve(clientId + ".out");
    }

    private List<String> lines(String clientId) throws Exception {
        return Files.readString(out(clientId)).lines().toList();
    }

    private static Set<Integer> partitionsOf(List<String> lines) {
        return lines.stream()
                .map(line -> Integer.parseInt(line.split(" ")[0]))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The lines kcat prints for records {@code from} .. {@code from + perPartition - 1} of every partition. */
    private static List<String> expected(int from, int perPartition) {
        List<String> lines = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            for (int i = from; i < from + perPartition; i++)
                lines.add(p + " " + i + " k-" + p + "-" + i + " v-" + p + "-" + i);
        }
        return lines;
    }

    private static Map<String, Long> endOffsets(long end) {
        Map<String, Long> offsets = new TreeMap<>();
        for (int p = 0; p < PARTITIONS; p++) offsets.put(TOPIC + "-" + p, end);
        return offsets;
    }
}
