package io.herald.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends dead letters back to the topic they came from, once the cause of their failure is fixed: each record of
 * {@code <topic>.dlq} written so far is republished to its {@link DeadLetterHeaders#ORIGINAL_TOPIC} with its key, value
 * and headers, less the dead-letter headers, so subscribers handle the same event (same CloudEvents id) again.
 *
 * <p>Progress is committed in the consumer group {@code herald-dlq-replay-<dead-letter topic>} after the republished
 * records are acknowledged, so a second replay sends only what was dead-lettered since, and a replay that crashes
 * resends at most its last batch (at least once). Stateless between calls; one replay of a topic at a time.
 */
public final class DeadLetterReplay {
    private static final Duration POLL = Duration.ofMillis(200);

    private DeadLetterReplay() {}

    /**
     * Replays the dead letters of {@code deadLetterTopic} written before this call.
     *
     * @param clientProperties at least {@code bootstrap.servers}, plus any security settings
     * @param deadLetterTopic the dead-letter topic, for example {@code orders.dlq}
     * @return how many records were republished
     * @throws PublishException if a record cannot be republished; those before it are committed
     */
    public static long replay(Map<String, ?> clientProperties, String deadLetterTopic) throws InterruptedException {
        Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
        Map<String, Object> consumerProperties = new HashMap<>(clientProperties);
        consumerProperties.put(ConsumerConfig.GROUP_ID_CONFIG, "herald-dlq-replay-" + deadLetterTopic);
        consumerProperties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProperties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, Object> producerProperties = new HashMap<>(clientProperties);
        producerProperties.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProperties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (var consumer =
                        new KafkaConsumer<>(consumerProperties, new StringDeserializer(), new ByteArrayDeserializer());
                var producer =
                        new KafkaProducer<>(producerProperties, new StringSerializer(), new ByteArraySerializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(deadLetterTopic).stream()
                    .map(info -> new TopicPartition(deadLetterTopic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long replayed = 0;
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
                Map<Future<RecordMetadata>, ConsumerRecord<String, byte[]>> sent = new java.util.LinkedHashMap<>();
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() >= end.get(partition)) {
                        continue; // dead-lettered after the replay began: the next replay takes it
                    }
                    sent.put(producer.send(republished(record)), record);
                    done.put(partition, new OffsetAndMetadata(record.offset() + 1));
                }
                for (var entry : sent.entrySet()) {
                    try {
                        entry.getKey().get();
                    } catch (ExecutionException e) {
                        ConsumerRecord<String, byte[]> record = entry.getValue();
                        throw new PublishException(
                                "dead letter " + record.topic() + "-" + record.partition() + "@" + record.offset()
                                        + " was not republished: "
                                        + e.getCause().getMessage(),
                                e.getCause());
                    }
                }
                replayed += sent.size();
                if (!done.isEmpty()) {
                    consumer.commitSync(done);
                }
            }
            return replayed;
        }
    }

    private static ProducerRecord<String, byte[]> republished(ConsumerRecord<String, byte[]> deadLetter) {
        Header original = deadLetter.headers().lastHeader(DeadLetterHeaders.ORIGINAL_TOPIC);
        String topic = original != null
                ? new String(original.value(), StandardCharsets.UTF_8)
                : deadLetter.topic().replaceFirst("\\.dlq$", "");
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(topic, null, deadLetter.timestamp(), deadLetter.key(), deadLetter.value());
        for (Header header : deadLetter.headers()) {
            if (!header.key().startsWith("herald.dlq.")) {
                record.headers().add(header);
            }
        }
        return record;
    }
}
