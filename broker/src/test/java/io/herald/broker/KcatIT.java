package io.herald.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * kcat 1.7.1 (librdkafka 2.0.2, Debian's) against an in-process broker: metadata, keyed produce with every codec,
 * and the simple (group-less) consumer from the beginning, an offset and the end. librdkafka consumes read_committed
 * by default, so every consume here also checks that the last stable offset lets it see all records.
 *
 * <p>kcat must be installed ({@code .ci/run} does it); a missing kcat fails the test.
 */
@Timeout(120)
class KcatIT {
    private static final Duration KCAT_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    @TempDir
    Path workDir;

    Broker broker;
    String kcat;

    @BeforeEach
    void start() {
        kcat = ChildProcess.require("kcat", "apt-get install kcat");
        broker = Broker.start(BrokerConfig.fromProperties(Map.of("listeners", "PLAINTEXT://127.0.0.1:0"))
                .withDataDir(dataDir));
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void metadataListsTheBrokerAsControllerAndEveryTopic() throws Exception {
        broker.topics().create("listed", 3, (short) -1, Map.of(), false);

        String listing = kcat("", "-L").assertSuccess().stdout();

        assertThat(listing)
                .contains("broker " + broker.config().nodeId() + " at " + broker.bootstrapServers() + " (controller)")
                .contains("topic \"listed\" with 3 partitions:")
                .contains("partition 2, leader " + broker.config().nodeId());
    }

    @Test
    void metadataAsJsonNamesTheControllerAndTopic() throws Exception {
        broker.topics().create("listed", 1, (short) -1, Map.of(), false);

        String json = kcat("", "-L", "-J").assertSuccess().stdout();

        assertThat(json)
                .contains("\"controllerid\":" + broker.config().nodeId())
                .contains("\"name\":\"" + broker.bootstrapServers() + "\"")
                .contains("{\"topic\":\"listed\",\"partitions\":[{\"partition\":0,\"leader\":1");
    }

    @Test
    void producesKeyedRecordsIntoAnAutoCreatedTopic() throws Exception {
        String lines = IntStream.range(0, 10)
                .mapToObj(i -> "key" + i + ":value" + i + "\n")
                .collect(Collectors.joining());

        kcat(lines, "-P", "-t", "keyed", "-K:").assertSuccess();

        assertThat(JavaClients.consume(broker, "keyed", 10))
                .extracting(r -> r.key() + "=" + r.value() + "@" + r.offset())
                .containsExactlyElementsOf(IntStream.range(0, 10)
                        .mapToObj(i -> "key" + i + "=value" + i + "@" + i)
                        .toList());
    }

    /**
     * librdkafka compresses only if the broker's Produce range overlaps v0 (KAFKA-18659); otherwise it sends plain
     * batches without a word. So the stored batches themselves must carry the codec. lz4 has an extra condition in
     * librdkafka 2.0.2: its LZ4 feature is granted only when FindCoordinator overlaps v0, which Herald's group
     * coordinator advertises.
     */
    @ParameterizedTest(name = "-z {0}")
    @ValueSource(strings = {"gzip", "snappy", "lz4", "zstd"})
    void producedBatchesAreStoredWithTheCodecKcatWasAskedFor(String codec) throws Exception {
        String topic = "z-" + codec;
        // compressible values: librdkafka sends a batch plain when compressing does not make it smaller
        String lines = IntStream.range(0, 50)
                .mapToObj(i -> "key" + i + ":value" + i + "-" + "x".repeat(100) + "\n")
                .collect(Collectors.joining());

        kcat(lines, "-P", "-t", topic, "-K:", "-z", codec, "-X", "linger.ms=100")
                .assertSuccess();

        CompressionType expected = CompressionType.forName(codec);
        assertThat(JavaClients.storedCodecs(broker, topic)).isNotEmpty().containsOnly(expected);
        assertThat(JavaClients.consume(broker, topic, 50))
                .extracting(ConsumerRecord::value)
                .containsExactlyElementsOf(IntStream.range(0, 50)
                        .mapToObj(i -> "value" + i + "-" + "x".repeat(100))
                        .toList());
    }

    @Test
    void idempotentProducerGetsAProducerIdAndNumbersItsBatchesFromZero() throws Exception {
        kcat("k1:v1\nk2:v2\n", "-P", "-t", "idempotent", "-K:", "-X", "enable.idempotence=true")
                .assertSuccess();

        List<RecordBatch> batches = JavaClients.storedBatches(broker, "idempotent");
        assertThat(batches).singleElement().satisfies(batch -> {
            assertThat(batch.producerId()).isNotNegative();
            assertThat(batch.baseSequence()).isZero();
        });
        assertThat(JavaClients.consume(broker, "idempotent", 2))
                .extracting(ConsumerRecord::value)
                .containsExactly("v1", "v2");
    }

    @Test
    void consumesFromTheBeginningInFormatWithKeysOffsetsAndPartitions() throws Exception {
        JavaClients.produce(broker, "from-start", 10, "none");

        List<String> lines = kcat("", "-C", "-t", "from-start", "-o", "beginning", "-e", "-f", "%k %s %o %p\\n")
                .assertSuccess()
                .stdoutLines();

        assertThat(lines)
                .containsExactlyElementsOf(IntStream.range(0, 10)
                        .mapToObj(i -> "k" + i + " v" + i + " " + i + " 0")
                        .toList());
    }

    @Test
    void consumesCompressedBatchesThatJavaProduced() throws Exception {
        JavaClients.produce(broker, "java-zstd", 10, "zstd");

        List<String> lines = kcat("", "-C", "-t", "java-zstd", "-o", "beginning", "-e", "-f", "%k %s\\n")
                .assertSuccess()
                .stdoutLines();

        assertThat(JavaClients.storedCodecs(broker, "java-zstd")).containsOnly(CompressionType.ZSTD);
        assertThat(lines)
                .containsExactlyElementsOf(
                        IntStream.range(0, 10).mapToObj(i -> "k" + i + " v" + i).toList());
    }

    @Test
    void consumesFromAnOffsetInsideABatch() throws Exception {
        JavaClients.produce(
                broker, "from-five", 10, "none"); // one batch: the fetch starts before offset 5 and kcat must skip 0..4

        List<String> lines = kcat("", "-C", "-t", "from-five", "-o", "5", "-e", "-f", "%o %s\\n")
                .assertSuccess()
                .stdoutLines();

        assertThat(lines).containsExactly("5 v5", "6 v6", "7 v7", "8 v8", "9 v9");
    }

    @Test
    void consumesFromTheEndOnlyRecordsProducedAfterItStarted() throws Exception {
        JavaClients.produce(broker, "from-end", 5, "none");
        Path out = workDir.resolve("end.out");
        Process consumer = ChildProcess.start(
                List.of(
                        kcat,
                        "-b",
                        broker.bootstrapServers(),
                        "-C",
                        "-t",
                        "from-end",
                        "-o",
                        "end",
                        "-c",
                        "1",
                        "-f",
                        "%o %s\\n"),
                workDir,
                out,
                workDir.resolve("end.err"));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(JavaClients.producerProps(broker, "none"))) {
            // kcat looks up the end offset once it has connected; keep producing until it has taken one record
            long deadline = System.nanoTime() + KCAT_TIMEOUT.toNanos();
            for (int i = 0; consumer.isAlive() && System.nanoTime() < deadline; i++) {
                producer.send(new ProducerRecord<>("from-end", "later", "later" + i))
                        .get();
                Thread.sleep(200);
            }
            assertThat(consumer.isAlive())
                    .as("kcat -o end -c 1 is still waiting")
                    .isFalse();
        } finally {
            ChildProcess.destroy(consumer);
        }

        assertThat(consumer.exitValue()).isZero();
        assertThat(Files.readString(out)).matches("(\\d+) later\\d+\\n").doesNotContain("v");
    }

    private ChildProcess.Result kcat(String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(kcat, "-b", broker.bootstrapServers()));
        command.addAll(List.of(args));
        return ChildProcess.run(command, workDir, stdin, KCAT_TIMEOUT);
    }
}
