package io.herald.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Kafka Java client's idempotent producer with every compression codec, {@code acks=all}, 1M records in all (200k
 * per codec) over 8 partitions, read back with assign/seek: every record exactly once, in order within its partition,
 * keys and values equal, and the offsets the producer was told match where the consumer finds the records.
 */
@Timeout(300)
class CompressionRoundTripIT {
    static final int RECORDS_PER_CODEC = 200_000;
    static final int PARTITIONS = 8;

    @TempDir
    static Path dataDir;

    static Broker broker;

    @BeforeAll
    static void start() {
        broker = Broker.start(BrokerConfig.fromProperties(
                        Map.of("listeners", "PLAINTEXT://127.0.0.1:0", "num.partitions", Integer.toString(PARTITIONS)))
                .withDataDir(dataDir));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void everyRecordOnceInOrderPerPartition(String codec) throws Exception {
        String topic = "codec-" + codec;
        Map<Integer, List<String>> sentValues = new HashMap<>();
        Map<String, Long> sentOffsets = new HashMap<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps(codec))) {
            List<Future<RecordMetadata>> acks = new ArrayList<>(RECORDS_PER_CODEC);
            for (int i = 0; i < RECORDS_PER_CODEC; i++) {
                acks.add(producer.send(new ProducerRecord<>(topic, "key-" + (i % 1000), "value-" + i)));
            }
            for (int i = 0; i < RECORDS_PER_CODEC; i++) {
                RecordMetadata m = acks.get(i).get();
                sentValues
                        .computeIfAbsent(m.partition(), p -> new ArrayList<>())
                        .add("value-" + i);
                sentOffsets.put("value-" + i, m.offset());
            }
        }
        assertThat(sentValues).hasSize(PARTITIONS);

        Map<Integer, List<String>> receivedValues = new HashMap<>();
        int received = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) partitions.add(new TopicPartition(topic, p));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (received < RECORDS_PER_CODEC && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    int i = Integer.parseInt(r.value().substring("value-".length()));
                    assertThat(r.key()).isEqualTo("key-" + (i % 1000));
                    assertThat(r.offset()).isEqualTo(sentOffsets.get(r.value()));
                    receivedValues
                            .computeIfAbsent(r.partition(), p -> new ArrayList<>())
                            .add(r.value());
                    received++;
                }
            }
        }
        assertThat(received).isEqualTo(RECORDS_PER_CODEC);
        assertThat(receivedValues).isEqualTo(sentValues);
    }

    private static Properties producerProps(String codec) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return p;
    }

    private static Properties consumerProps() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return p;
    }
}
