package io.herald.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.server.HeraldCli;
import io.herald.server.HeraldCli.Running;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code herald server} started in-process on free ports, once its HTTP listener is up, with the addresses its ready
 * lines give.
 *
 * @param bootstrap the Kafka listener, {@code 127.0.0.1:port}
 * @param httpBase the HTTP listener, {@code http://127.0.0.1:port}
 */
record StartedServer(Running running, String bootstrap, String httpBase) implements AutoCloseable {
    private static final Pattern KAFKA = Pattern.compile("Kafka protocol listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern HTTP = Pattern.compile("HTTP listening on http://127\\.0\\.0\\.1:(\\d+)");

    static StartedServer start(Path dataDir) {
        Running running = HeraldCli.create().startServer(dataDir.toString());
        await().atMost(Duration.ofSeconds(60))
                .until(() -> HTTP.matcher(running.out().toString()).find());
        String out = running.out().toString();
        return new StartedServer(running, "127.0.0.1:" + port(KAFKA, out), "http://127.0.0.1:" + port(HTTP, out));
    }

    /** Writes {@code {"n":first}} .. {@code {"n":first+count-1}} to one partition of {@code topic}, acks=all. */
    void produceNumbers(String topic, int partition, int first, int count) throws Exception {
        Map<String, Object> props = Map.of(
                "bootstrap.servers",
                bootstrap,
                "acks",
                "all",
                "key.serializer",
                StringSerializer.class.getName(),
                "value.serializer",
                StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int n = first; n < first + count; n++) {
                producer.send(new ProducerRecord<>(topic, partition, "k" + n, "{\"n\":" + n + "}"))
                        .get();
            }
        }
    }

    private static String port(Pattern readyLine, String out) {
        Matcher m = readyLine.matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return m.group(1);
    }

    @Override
    public void close() throws Exception {
        running.stopAndWait(Duration.ofSeconds(60));
    }
}
