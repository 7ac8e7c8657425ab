package io.herald.examples.orders;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Finds one record's raw value on a topic, to check the bytes on the wire. */
final class RecordValues {
    private RecordValues() {}

    /**
     * The value of the first record of {@code topic} with key {@code key} and {@code ce_type} {@code type}.
     *
     * @throws AssertionError if there is none up to the topic's current end
     */
    static byte[] valueOf(String bootstrapServers, String topic, String key, String type) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Header header = record.headers().lastHeader("ce_type");
                    if (key.equals(record.key())
                            && header != null
                            && type.equals(new String(header.value(), StandardCharsets.UTF_8))) {
                        return record.value();
                    }
                }
            }
        }
        throw new AssertionError("no " + type + " with key " + key + " on topic " + topic);
    }
}
