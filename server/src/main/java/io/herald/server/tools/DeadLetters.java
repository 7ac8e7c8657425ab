package io.herald.server.tools;

import io.herald.client.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a dead-letter topic from given positions up to the end offsets it had when the read began, so a command ends
 * even while new dead letters arrive; and reads the SDK's {@link DeadLetterHeaders} of one dead letter.
 */
final class DeadLetters {
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

    private DeadLetters() {}

    /** The dead-letter topic of {@code topic}, as the SDK names it. */
    static String topicFor(String topic) {
        return topic + ".dlq";
    }

    /** The partitions of {@code dlqTopic}; a missing topic is a {@link io.herald.server.CommandFailedException}. */
    static List<TopicPartition> partitions(ClientOptions client, String dlqTopic) throws InterruptedException {
        try (Admin admin = client.admin()) {
            return admin.describeTopics(List.of(dlqTopic)).allTopicNames().get().get(dlqTopic).partitions().stream()
                    .map(info -> new TopicPartition(dlqTopic, info.partition()))
                    .toList();
        } catch (ExecutionException e) {
            throw KafkaFailures.explain(e, client.bootstrapServers(), dlqTopic);
        }
    }

    /** A consumer of byte arrays that never commits by itself nor creates topics; {@code group} may be null. */
    static KafkaConsumer<byte[], byte[]> consumer(ClientOptions client, String group) {
        Properties properties = client.properties();
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "herald-dlq");
        properties.putIfAbsent(
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(ClientOptions.API_TIMEOUT_MS));
        if (group != null) properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        return new KafkaConsumer<>(properties);
    }

    /**
     * Assigns {@code partitions}, starts each at the consumer group's committed offset when {@code grouped} (else, or
     * without one, at the beginning), and calls {@code
     * onRecord} for every record below the end offsets seen now, at most {@code max}. Returns the end offsets.
     */
    static Map<TopicPartition, Long> read(
            KafkaConsumer<byte[], byte[]> consumer,
            boolean grouped,
            List<TopicPartition> partitions,
            int max,
            Consumer<ConsumerRecord<byte[], byte[]>> onRecord) {
        consumer.assign(partitions);
        Map<TopicPartition, OffsetAndMetadata> committed =
                grouped ? consumer.committed(Set.copyOf(partitions)) : Map.of();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata at = committed.get(tp);
            if (at == null) consumer.seekToBeginning(List.of(tp));
            else consumer.seek(tp, at.offset());
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        int seen = 0;
        while (seen < max && !reachedEnd(consumer, ends)) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL_TIMEOUT)) {
                TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                if (record.offset() >= ends.get(tp) || seen >= max) continue;
                onRecord.accept(record);
                seen++;
            }
        }
        return ends;
    }

    private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) return false;
        }
        return true;
    }

    /** The text of header {@code name}, or null. */
    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Whether {@code header} is one the SDK added when it wrote the dead letter. */
    static boolean isDeadLetterHeader(Header header) {
        return header.key().startsWith("herald.dlq.");
    }
}
