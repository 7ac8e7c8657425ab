package io.herald.broker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * A consumer group member in a child JVM, so a test can kill it with SIGKILL as a crashed service would die: no
 * LeaveGroup, no last commit, the socket just gone. It consumes and commits like {@link GroupMember} and prints what it
 * did on stdout ({@code R partition offset} per record, {@code C partition offset} per commit), which the test reads.
 */
final class GroupMemberProcess implements AutoCloseable {
    private final Process process;
    private final Thread reader;

    private GroupMemberProcess(Process process, Consumer<String> onLine) {
        this.process = process;
        this.reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) onLine.accept(line);
            } catch (IOException e) {
                // the process was killed
            }
        });
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
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        return new GroupMemberProcess(process, onLine);
    }

    /** SIGKILL: the member vanishes without a word to the broker. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
        reader.join();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) kill();
    }
}
