package io.herald.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * A consumer group member in a child JVM, so a test can kill it with SIGKILL as a crashed service would die: no
 * LeaveGroup, no last commit, the socket just gone. It consumes and commits like {@link GroupMember} and prints what it
 * did on stdout ({@code R partition offset} per record, {@code C partition offset} per commit), which goes to a file
 * that the test follows.
 */
final class GroupMemberProcess implements AutoCloseable {
    private final Process process;
    private final Path output;
    private final Thread reader;

    private GroupMemberProcess(Process process, Path output, Consumer<String> onLine) {
        this.process = process;
        this.output = output;
        this.reader = Thread.ofVirtual().start(() -> follow(onLine));
    }

    /**
     * Reads the child's output file as it grows and hands over each whole line, until the child is dead and the file
     * read to its end. A file, not the stdout pipe: when a child dies, the JDK drains and closes the pipe's stream
     * under a reader that is between reads, which then fails with "Stream closed" and loses the child's last lines
     * (what a killed member consumed last, so the test saw records "never consumed").
     */
    private void follow(Consumer<String> onLine) {
        try (InputStream in = Files.newInputStream(output)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            while (true) {
                boolean aliveBeforeRead = process.isAlive();
                int n = in.read(chunk);
                if (n < 0) {
                    if (!aliveBeforeRead) return;
                    Thread.sleep(5); // no more yet: the child is still writing
                    continue;
                }
                for (int i = 0; i < n; i++) {
                    if (chunk[i] != '\n') {
                        line.write(chunk[i]);
                    } else {
                        onLine.accept(line.toString(StandardCharsets.UTF_8));
                        line.reset();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the output of the member process in " + output, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Args: bootstrap servers, group, topic, then key=value consumer properties. */
    public static void main(String[] args) {
        Properties p = GroupMember.consumerProperties(args[0], args[1]);
        for (int i = 3; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            p.put(kv[0], kv[1]);
        }
        if ("consumer".equals(p.get("group.protocol"))) {
            p.remove("session.timeout.ms");
            p.remove("heartbeat.interval.ms");
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(args[2]));
            while (true) {
                var records = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<String, String> r : records)
                    System.out.println("R " + r.partition() + " " + r.offset());
                if (records.isEmpty()) continue;
                // Out before the commit: a kill after the commit must not hide records this member did consume.
                System.out.flush();
                var positions = GroupMember.nextOffsets(records);
                consumer.commitSync(positions);
                positions.forEach((tp, o) -> System.out.println("C " + tp.partition() + " " + o.offset()));
                System.out.flush();
            }
        }
    }

    static GroupMemberProcess start(
            String bootstrap, String group, String topic, List<String> properties, Consumer<String> onLine)
            throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>(List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                GroupMemberProcess.class.getName(),
                bootstrap,
                group,
                topic));
        command.addAll(properties);
        Path output = Files.createTempFile("group-member-", ".out");
        Process process = new ProcessBuilder(command)
                .redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        return new GroupMemberProcess(process, output, onLine);
    }

    /** SIGKILL: the member vanishes without a word to the broker. */
    void kill() throws InterruptedException, IOException {
        process.destroyForcibly();
        process.waitFor();
        reader.join();
        Files.deleteIfExists(output);
    }

    @Override
    public void close() throws InterruptedException, IOException {
        if (process.isAlive()) kill();
    }
}
