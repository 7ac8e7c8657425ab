package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code herald server} as a real OS process, with the class path {@code bin/herald} uses (the packaged jar and
 * {@code target/lib}, which exist once {@code package} ran, before {@code integration-test}): ready line, real clients,
 * SIGTERM, exit code 0, clean-shutdown markers, and a HERALD_* variable taking effect.
 */
@Timeout(180)
class ServerProcessIT {
    @TempDir
    Path dataDir;

    @TempDir
    Path outputDir;

    private Process process;

    @AfterEach
    void stopLeftover() throws InterruptedException {
        if (process == null || !process.isAlive()) return;
        process.toHandle().destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly();
    }

    @Test
    void sigtermStopsTheServerCleanlyWithExitCodeZero() throws Exception {
        Path stdout = start(Map.of("HERALD_NUM_PARTITIONS", "2"));
        int port = awaitReady(stdout);
        String bootstrap = "127.0.0.1:" + port;

        List<String> values = List.of("one", "two", "three");
        try (KafkaProducer<String, String> producer = producer(bootstrap)) {
            for (String value : values)
                producer.send(new ProducerRecord<>("process", 1, null, value)).get();
        }
        List<String> read = readPartitionOne(bootstrap, values.size());

        // SIGTERM. Not Process.destroy(), which also closes the pipes.
        process.toHandle().destroy();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);

        assertThat(read).containsExactlyElementsOf(values);
        assertThat(exited).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(Files.readAllLines(stdout)).contains("herald: stopped");
        assertThat(dataDir.resolve("process-1/.herald-clean-shutdown")).exists();
        assertThat(dataDir.resolve("process-0/.herald-clean-shutdown")).exists();
    }

    @Test
    void secondServerOnTheSameDataDirectoryFailsWithOneLine() throws Exception {
        awaitReady(start(Map.of()));

        Path secondOutput = outputDir.resolve("second.txt");
        Process second = builder(Map.of())
                .redirectErrorStream(true)
                .redirectOutput(secondOutput.toFile())
                .start();
        boolean exited = second.waitFor(90, TimeUnit.SECONDS);
        String output = Files.readString(secondOutput);

        assertThat(exited).isTrue();
        assertThat(second.exitValue()).as(output).isEqualTo(1);
        assertThat(output.lines().filter(line -> line.startsWith("herald server:")))
                .singleElement()
                .asString()
                .contains("data directory", "in use");
        assertThat(output).doesNotContain("\tat ");
    }

    /**
     * Starts the server with its stdout going to a file, which the test reads. A file, not a pipe: when the process
     * exits, the JDK drains and closes the pipe's stream under a reader that is between reads, which then fails and
     * loses the last lines (here "herald: stopped").
     */
    private Path start(Map<String, String> environment) throws IOException {
        Path stdout = outputDir.resolve("stdout-" + System.nanoTime() + ".txt");
        process = builder(environment)
                .redirectOutput(stdout.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        return stdout;
    }

    /** {@code herald server --port 0 --registry-port 0 --data-dir <dataDir>} with the class path bin/herald uses. */
    private ProcessBuilder builder(Map<String, String> environment) {
        Path target = Path.of("target");
        assertThat(target.resolve("herald-server.jar"))
                .as("run through mvn verify: package comes first")
                .exists();
        String classPath = target.resolve("herald-server.jar") + File.pathSeparator + target.resolve("lib") + "/*";
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                classPath,
                "io.herald.server.Herald",
                "server",
                "--port",
                "0",
                "--registry-port",
                "0",
                "--http-port",
                "0",
                "--data-dir",
                dataDir.toString());
        builder.environment().keySet().removeIf(name -> name.startsWith("HERALD_"));
        builder.environment().putAll(environment);
        return builder;
    }

    private int awaitReady(Path stdout) {
        String line = await().atMost(Duration.ofSeconds(90))
                .until(() -> Files.readAllLines(stdout).stream().findFirst(), Optional::isPresent)
                .orElseThrow();
        Matcher ready = ServerCommandIT.READY.matcher(line);
        assertThat(ready.matches()).as(line).isTrue();
        assertThat(ready.group(2)).isEqualTo(dataDir.toString());
        return Integer.parseInt(ready.group(1));
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
    }

    private static List<String> readPartitionOne(String bootstrap, int count) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            TopicPartition partition = new TopicPartition("process", 1);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (values.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
