package io.herald.client.internal;

import io.herald.client.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes events whose handling failed to {@code <topic>.dlq}: the original key, value and headers unchanged, plus the
 * {@link DeadLetterHeaders}. Keyed by the original key, so the dead letters of one key share a partition and stay in
 * order. Thread-safe (one idempotent producer with {@code acks=all}).
 */
public final class DeadLetterWriter implements AutoCloseable {
    private static final int FRAMES_PER_THROWABLE = 8;
    private static final int MAX_CAUSES = 5;
    private static final int MAX_STACKTRACE_CHARS = 4000;

    private final KafkaProducer<String, byte[]> producer;
    private final String groupId;
    private volatile boolean closed;

    /**
     * @param clientProperties {@code bootstrap.servers} and any security settings
     * @param groupId the consumer group, recorded in each dead letter
     */
    public DeadLetterWriter(Map<String, Object> clientProperties, String groupId) {
        Map<String, Object> properties = new java.util.HashMap<>();
        for (String name : ProducerConfig.configNames()) {
            if (clientProperties.containsKey(name)) {
                properties.put(name, clientProperties.get(name));
            }
        }
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
        this.groupId = groupId;
    }

    /** The dead-letter topic of {@code topic}. */
    public static String topicFor(String topic) {
        return topic + ".dlq";
    }

    /**
     * Writes the dead letter of {@code record} and waits until the broker has it.
     *
     * @param attempts how many times the handler was called (0 if the record could not be read at all)
     * @param failure the last failure
     * @throws ExecutionException if the write failed
     * @throws InterruptedException if interrupted, or if the writer is closed: its subscriber has closed, and the event
     *     is left to the partition's next owner (a handler that swallowed the close's interrupt would otherwise retry a
     *     closed producer for ever)
     */
    public void write(ConsumerRecord<String, byte[]> record, int attempts, Throwable failure)
            throws ExecutionException, InterruptedException {
        if (closed) {
            throw new InterruptedException("the subscriber closed before the dead letter was written");
        }
        ProducerRecord<String, byte[]> deadLetter =
                new ProducerRecord<>(topicFor(record.topic()), null, record.timestamp(), record.key(), record.value());
        for (Header header : record.headers()) {
            deadLetter.headers().add(header);
        }
        add(deadLetter, DeadLetterHeaders.EXCEPTION_CLASS, failure.getClass().getName());
        add(deadLetter, DeadLetterHeaders.EXCEPTION_MESSAGE, String.valueOf(failure.getMessage()));
        add(deadLetter, DeadLetterHeaders.STACKTRACE, stackTraceSummary(failure));
        add(deadLetter, DeadLetterHeaders.ATTEMPTS, Integer.toString(attempts));
        add(deadLetter, DeadLetterHeaders.ORIGINAL_TOPIC, record.topic());
        add(deadLetter, DeadLetterHeaders.ORIGINAL_PARTITION, Integer.toString(record.partition()));
        add(deadLetter, DeadLetterHeaders.ORIGINAL_OFFSET, Long.toString(record.offset()));
        add(deadLetter, DeadLetterHeaders.GROUP_ID, groupId);
        producer.send(deadLetter).get();
    }

    private static void add(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The first frames of {@code failure} and of each cause, enough to find where it failed without the full trace (a
     * header should stay small).
     */
    public static String stackTraceSummary(Throwable failure) {
        StringBuilder summary = new StringBuilder();
        Throwable current = failure;
        for (int depth = 0; current != null && depth <= MAX_CAUSES; depth++, current = current.getCause()) {
            if (depth > 0) {
                summary.append("Caused by: ");
            }
            summary.append(current).append('\n');
            StackTraceElement[] frames = current.getStackTrace();
            for (int i = 0; i < Math.min(frames.length, FRAMES_PER_THROWABLE); i++) {
                summary.append("\tat ").append(frames[i]).append('\n');
            }
            if (frames.length > FRAMES_PER_THROWABLE) {
                summary.append("\t... ")
                        .append(frames.length - FRAMES_PER_THROWABLE)
                        .append(" more\n");
            }
        }
        return summary.length() > MAX_STACKTRACE_CHARS
                ? summary.substring(0, MAX_STACKTRACE_CHARS)
                : summary.toString();
    }

    @Override
    public void close() {
        closed = true;
        producer.close();
    }
}
