package io.herald.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durability promise end to end: an idempotent producer sends with {@code acks=all} while the broker process is
 * killed with SIGKILL and started again on the same data directory and port. Every record the producer saw
 * acknowledged must be there after the restart, and the batches the producer retried across the restart must not be
 * there twice (the producer state is rebuilt from snapshots and the log).
 */
@Timeout(180)
class CrashRestartIT {
    static final String TOPIC = "payments";
    static final int PARTITIONS = 3;

    @TempDir
    Path dataDir;

    @Test
    void acknowledgedRecordsSurviveKillNineAndRetriesAreNotDuplicated() throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        BrokerProcess broker = BrokerProcess.start(dataDir, 0);
        int port = broker.port();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps(broker.bootstrapServers()))) {
            Thread sender = Thread.ofPlatform().start(() -> {
                for (int i = 0; !stop.get(); i++) {
                    String value = "payment-" + i;
                    producer.send(new ProducerRecord<>(TOPIC, "customer-" + (i % 7), value), (metadata, error) -> {
                        if (error == null) acknowledged.add(value);
                    });
                    if (i % 100 == 99) sleep(2);
                }
            });
            awaitAcknowledged(acknowledged, 5_000);
            broker.kill();
            int beforeRestart = acknowledged.size();
            broker = BrokerProcess.start(dataDir, port);
            awaitAcknowledged(acknowledged, beforeRestart + 5_000);
            stop.set(true);
            sender.join();
            producer.flush();
        }
        List<String> stored;
        try {
            stored = readAll(broker.bootstrapServers());
        } finally {
            broker.close();
        }
        assertThat(stored).containsAll(acknowledged);
        assertThat(stored).doesNotHaveDuplicates();
    }

    private static void awaitAcknowledged(Set<String> acknowledged, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (acknowledged.size() < count && System.nanoTime() < deadline) Thread.sleep(10);
        assertThat(acknowledged.size()).as("records acknowledged").isGreaterThanOrEqualTo(count);
    }

    private static List<String> readAll(String bootstrap) {
        List<String> values = new ArrayList<>();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int i = 0; i < PARTITIONS; i++) partitions.add(new TopicPartition(TOPIC, i));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) values.add(r.value());
            }
        }
        return values;
    }

    private static Properties producerProps(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "2");
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
        return p;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
