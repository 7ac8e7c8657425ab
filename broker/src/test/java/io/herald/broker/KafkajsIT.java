package io.herald.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kafkajs 2.2.4 (pinned in {@code src/test/js/package-lock.json}) against an in-process broker, through the node
 * scripts in {@code src/test/js}: admin createTopics, a producer sending keys and headers with acks=-1, plain, gzip and
 * idempotent, and reading back without a consumer group (admin fetchTopicOffsets, then Fetch to the leader through
 * kafkajs's own cluster and response decoding). kafkajs's consumer always joins a group: it is tested in {@link
 * KafkajsGroupIT}.
 *
 * <p>node and the scripts' {@code node_modules} must be installed ({@code .ci/run} does both); if not, the test fails.
 */
@Timeout(120)
class KafkajsIT {
    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(60);

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
        broker = Broker.start(BrokerConfig.fromProperties(Map.of("listeners", "PLAINTEXT://127.0.0.1:0"))
                .withDataDir(dataDir));
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void adminCreatesTheTopic() throws Exception {
        List<String> lines = node("produce.js", "created", "1").stdoutLines();

        assertThat(lines).first().isEqualTo("created admin");
        assertThat(broker.topics().topic("created").partitions()).hasSize(1);
    }

    @Test
    void producerSendsKeysAndHeadersWithAcksAll() throws Exception {
        List<String> lines = node("produce.js", "keyed", "10").stdoutLines();

        assertThat(lines).last().isEqualTo("sent 0 0");
        List<ConsumerRecord<String, String>> records = JavaClients.consume(broker, "keyed", 10);
        assertThat(records).extracting(r -> r.key() + "=" + r.value()).containsExactlyElementsOf(expected(0, 10));
        assertThat(records)
                .extracting(r -> headers(r.headers().toArray()))
                .containsExactlyElementsOf(IntStream.range(0, 10)
                        .mapToObj(i -> "source=kafkajs,index=" + i)
                        .toList());
    }

    @Test
    void gzipBatchesAreStoredCompressed() throws Exception {
        node("produce.js", "gzipped", "20", "gzip");

        assertThat(JavaClients.storedCodecs(broker, "gzipped")).containsOnly(CompressionType.GZIP);
        assertThat(JavaClients.consume(broker, "gzipped", 20))
                .extracting(r -> r.key() + "=" + r.value())
                .containsExactlyElementsOf(expected(0, 20));
    }

    @Test
    void idempotentProducerGetsAProducerIdAndNumbersItsBatchesFromZero() throws Exception {
        node("produce.js", "idempotent", "5", "none", "idempotent");

        List<RecordBatch> batches = JavaClients.storedBatches(broker, "idempotent");
        assertThat(batches).singleElement().satisfies(batch -> {
            assertThat(batch.producerId()).isNotNegative();
            assertThat(batch.baseSequence()).isZero();
        });
    }

    @Test
    void readsBackWithoutAGroupWhatItProduced() throws Exception {
        node("produce.js", "round-trip", "10");

        List<String> lines = node("fetch.js", "round-trip", "0", "0").stdoutLines();

        List<String> want = new ArrayList<>(List.of("offsets 0 0 10"));
        IntStream.range(0, 10)
                .mapToObj(i -> "record " + i + " key-" + i + " value-" + i + " source=kafkajs,index=" + i)
                .forEach(want::add);
        want.add("end 10");
        assertThat(lines).containsExactlyElementsOf(want);
    }

    @Test
    void readsJavasGzipBatchFromAnOffsetInsideIt() throws Exception {
        JavaClients.produce(broker, "java-gzip", 10, "gzip");

        List<String> lines = node("fetch.js", "java-gzip", "0", "3").stdoutLines();

        assertThat(JavaClients.storedCodecs(broker, "java-gzip")).containsOnly(CompressionType.GZIP);
        assertThat(lines)
                .containsExactly(
                        "offsets 0 0 10",
                        "record 3 k3 v3 ",
                        "record 4 k4 v4 ",
                        "record 5 k5 v5 ",
                        "record 6 k6 v6 ",
                        "record 7 k7 v7 ",
                        "record 8 k8 v8 ",
                        "record 9 k9 v9 ",
                        "end 10");
    }

    private ChildProcess.Result node(String script, String... args) throws Exception {
        List<String> command =
                new ArrayList<>(List.of(node, scripts.resolve(script).toString(), broker.bootstrapServers()));
        command.addAll(List.of(args));
        return ChildProcess.run(command, workDir, "", NODE_TIMEOUT).assertSuccess();
    }

    private static List<String> expected(int from, int to) {
        return IntStream.range(from, to)
                .mapToObj(i -> "key-" + i + "=value-" + i)
                .toList();
    }

    private static String headers(Header[] headers) {
        List<String> pairs = new ArrayList<>();
        for (Header h : headers) pairs.add(h.key() + "=" + new String(h.value(), StandardCharsets.UTF_8));
        return String.join(",", pairs);
    }
}
