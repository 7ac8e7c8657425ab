package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
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

    private Process process;

    @AfterEach
    void stopLeftover() throws InterruptedException {
        if (process == null || !process.isAlive()) return;
        process.toHandle().destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly();
    }

    @Test
    void sigtermStopsTheServerCleanlyWithExitCodeZero() throws Exception {
        BlockingQueue<String> stdout = start(Map.of("HERALD_NUM_PARTITIONS", "2"));
        int port = awaitReady(stdout);
        String bootstrap = "127.0.0.1:" + port;

        List<String> values = List.of("one", "two", "three");
        try (KafkaProducer<String, String> producer = producer(bootstrap)) {
            for (String value : values)
                producer.send(new ProducerRecord<>("process", 1, null, value)).get();
        }
        List<String> read = readPartitionOne(bootstrap, values.size());

        // SIGTERM. Not Process.destroy(), which also closes the pipes and so loses the last lines printed.
        process.toHandle().destroy();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);

        assertThat(read).containsExactlyElementsOf(values);
        assertThat(exited).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(drain(stdout)).contains("herald: stopped");
        assertThat(dataDir.resolve("process-1/.herald-clean-shutdown")).exists();
        assertThat(dataDir.resolve("process-0/.herald-clean-shutdown")).exists();
    }

    @Test
    void secondServerOnTheSameDataDirectoryFailsWithOneLine() throws Exception {
        awaitReady(start(Map.of()));

        Process second = builder(Map.of()).redirectErrorStream(true).start();
        boolean exited = second.waitFor(90, TimeUnit.SECONDS);
        String output = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(exited).isTrue();
        assertThat(second.exitValue()).as(output).isEqualTo(1);
        assertThat(output.lines().filter(line -> line.startsWith("herald server:")))
                .singleElement()
                .asString()
                .contains("data directory", "in use");
        assertThat(output).doesNotContain("\tat ");
    }

    private BlockingQueue<String> start(Map<String, String> environment) throws IOException {
        process = builder(environment)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                out.lines().forEach(lines::add);
            } catch (IOException e) {
                lines.add("stdout failed: " + e);
            }
        });
        return lines;
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

    private int awaitReady(BlockingQueue<String> stdout) throws InterruptedException {
        String line = stdout.poll(90, TimeUnit.SECONDS);
        assertThat(line).as("the ready line").isNotNull();
        Matcher ready = ServerCommandIT.READY.matcher(line);
        assertThat(ready.matches()).as(line).isTrue();
        assertThat(ready.group(2)).isEqualTo(dataDir.toString());
        return Integer.parseInt(ready.group(1));
    }

    private static List<String> drain(BlockingQueue<String> stdout) throws InterruptedException {
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = stdout.poll(5, TimeUnit.SECONDS)) != null) lines.add(line);
        return lines;
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
