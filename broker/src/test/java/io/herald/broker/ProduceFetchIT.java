package io.herald.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class ProduceFetchIT {
    @TempDir
    Path dataDir;

    Broker broker;

    @BeforeEach
    void start() {
        broker = Broker.start(
                BrokerConfig.fromProperties(Map.of("listeners", "PLAINTEXT://127.0.0.1:0", "num.partitions", "3"))
                        .withDataDir(dataDir));
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void javaClientRoundTripThroughAnAutoCreatedTopic() throws Exception {
        List<RecordMetadata> sent = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps())) {
            for (int i = 0; i < 1000; i++) {
                sent.add(producer.send(new ProducerRecord<>("orders", "key" + (i % 10), "value" + i))
                        .get());
            }
        }
        assertThat(sent).extracting(RecordMetadata::partition).containsOnly(0, 1, 2);

        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps())) {
            List<TopicPartition> partitions = List.of(
                    new TopicPartition("orders", 0), new TopicPartition("orders", 1), new TopicPartition("orders", 2));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (received.size() < 1000 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(received::add);
            }
        }
        assertThat(received).hasSize(1000);
        assertThat(received)
                .extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, 1000)
                        .mapToObj(i -> "value" + i)
                        .toList());
    }

    @Test
    void aRequestOfSeveralMegabytesIsReadWhole() throws Exception {
        broker.topics().create("large", 1, (short) 1, Map.of("max.message.bytes", "8388608"), false);
        String value = "0123456789abcdef".repeat(3 * 65536 / 16 * 16); // 3 MiB, past the first frame buffer
        Properties props = producerProps();
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "10485760");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>("large", "k", value)).get();
        }

        Properties consumerProps = consumerProps();
        consumerProps.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "10485760");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
            TopicPartition tp = new TopicPartition("large", 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            List<ConsumerRecord<String, String>> got = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (got.isEmpty() && System.nanoTime() < deadline)
                consumer.poll(Duration.ofMillis(500)).forEach(got::add);
            assertThat(got).singleElement().satisfies(r -> assertThat(r.value()).isEqualTo(value));
        }
    }

    private Properties producerProps() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);

        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return p;
    }

    private Properties consumerProps() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return p;
    }
}
