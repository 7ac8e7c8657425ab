package io.herald.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/** Producing and reading back string records with the Kafka Java client, for the testkit's own tests. */
final class Records {
    private Records() {}

    static void produce(EmbeddedHerald herald, String topic, int partition, List<String> values) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(herald.producerProperties())) {
            for (String value : values)
                producer.send(new ProducerRecord<>(topic, partition, null, value))
                        .get();
        }
    }

    /** The values of partition {@code partition}, from its start, waiting up to 30 s for {@code count} of them. */
    static List<String> read(EmbeddedHerald herald, String topic, int partition, int count) {
        Map<String, Object> properties = herald.consumerProperties();
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
            consumer.assign(List.of(new TopicPartition(topic, partition)));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
