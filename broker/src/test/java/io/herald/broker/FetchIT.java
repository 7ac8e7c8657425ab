package io.herald.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Fetch as the Kafka Java consumer sees it: positions inside batches, limits, long poll, out-of-range offsets. */
@Timeout(60)
class FetchIT {
    static final TopicPartition EVENTS = new TopicPartition("events", 0);

    @TempDir
    Path dataDir;

    Broker broker;

    @BeforeEach
    void start() {
        broker = Broker.start(BrokerConfig.fromProperties(Map.of("listeners", "PLAINTEXT://127.0.0.1:0"))
                .withDataDir(dataDir));
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void seekingIntoTheMiddleOfABatchStartsAtThatRecord() throws Exception {
        produceOneBatch(10, 10);

        List<ConsumerRecord<String, String>> records = readFrom(5, 5, Map.of());

        assertThat(records).extracting(ConsumerRecord::offset).containsExactly(5L, 6L, 7L, 8L, 9L);
    }

    @Test
    void aBatchLargerThanTheFetchLimitsIsStillReturnedWhole() throws Exception {
        produceOneBatch(50, 2_000); // about 100 KB in one batch

        List<ConsumerRecord<String, String>> records = readFrom(
                0,
                50,
                Map.of(
                        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "1024",
                        ConsumerConfig.FETCH_MAX_BYTES_CONFIG, "1024"));

        assertThat(records).hasSize(50);
    }

    @Test
    void aLongPollFetchReturnsDataProducedWhileItWaits() throws Exception {
        produceOneBatch(1, 10);
        CompletableFuture<Void> produced = CompletableFuture.runAsync(() -> {
            sleep(500);
            produceOneBatch(1, 10);
        });

        // One fetch at the log end that may wait longer than the whole test: it can only come back with a record if
        // the broker held it until the record arrived (answered at once, it would be empty).
        FetchResponseData.PartitionData partition = longPollAtOffsetOne(600_000);
        produced.join();

        assertThat(partition.records().sizeInBytes()).isPositive();
        assertThat(partition.highWatermark()).isEqualTo(2);
    }

    @Test
    void aLongPollFetchWithNothingToReadIsAnsweredEmptyWhenItsWaitEnds() throws Exception {
        produceOneBatch(1, 10);

        // Nothing is produced: only the deadline can end this wait. Were it lost, no answer would come within the
        // connection's 10 s read timeout, and the test would fail on it.
        FetchResponseData.PartitionData partition = longPollAtOffsetOne(200);

        assertThat(partition.errorCode()).isZero();
        assertThat(partition.records().sizeInBytes()).isZero();
        assertThat(partition.highWatermark()).isEqualTo(1);
    }

    /** A raw Fetch v12 of partition 0 from offset 1, waiting up to {@code maxWaitMs} for one byte; its answer. */
    private FetchResponseData.PartitionData longPollAtOffsetOne(int maxWaitMs) throws Exception {
        FetchRequestData.FetchTopic topic = new FetchRequestData.FetchTopic().setTopic(EVENTS.topic());
        topic.partitions()
                .add(new FetchRequestData.FetchPartition()
                        .setPartition(0)
                        .setFetchOffset(1)
                        .setPartitionMaxBytes(1 << 20));
        FetchRequestData request = new FetchRequestData()
                .setMaxWaitMs(maxWaitMs)
                .setMinBytes(1)
                .setMaxBytes(1 << 20)
                .setTopics(List.of(topic));
        FetchResponse response;
        try (RawKafkaConnection connection = new RawKafkaConnection(broker.host(), broker.port())) {
            response = connection.send(request, (short) 12);
        }
        return response.data().responses().getFirst().partitions().getFirst();
    }

    @Test
    void aFetchForNoPartitionsIsAnsweredAtOnce() throws Exception {
        // What a consumer sends on close to end its fetch session: Kafka answers it without waiting, and a consumer's
        // close() waits for the answer. With a wait longer than the test's timeout, only an answer at once passes.
        FetchRequestData request = new FetchRequestData()
                .setMaxWaitMs(600_000)
                .setMinBytes(1)
                .setMaxBytes(1 << 20)
                .setSessionEpoch(-1)
                .setTopics(List.of());

        FetchResponse response;
        try (RawKafkaConnection connection = new RawKafkaConnection(broker.host(), broker.port())) {
            response = connection.send(request, (short) 12);
        }

        assertThat(response.error()).isEqualTo(org.apache.kafka.common.protocol.Errors.NONE);
        assertThat(response.data().responses()).isEmpty();
    }

    @Test
    void anOffsetPastTheEndIsOutOfRange() throws Exception {
        produceOneBatch(3, 10);
        try (KafkaConsumer<String, String> consumer =
                consumer(Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none"))) {
            consumer.assign(List.of(EVENTS));
            consumer.seek(EVENTS, 100);

            assertThatThrownBy(() -> {
                        for (int i = 0; i < 20; i++) consumer.poll(Duration.ofMillis(500));
                    })
                    .isInstanceOf(OffsetOutOfRangeException.class);
        }
    }

    /**
     * Found by the broker benchmark: a response of several MiB over 8 partitions fills the socket's send buffer, and
     * under a virtual thread sendfile then returns 0 instead of waiting; the consumer was disconnected every time.
     */
    @Test
    void aResponseLargerThanTheSocketBuffersIsSentWhole() throws Exception {
        broker.topics().create("wide", 8, (short) 1, Map.of(), false);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "65536");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        int records = 64_000; // 200 B each: about 1.5 MiB per partition, so the first response is about 8 MiB
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>("wide", i % 8, null, String.format("%0200d", i)));
            }
            producer.flush();
        }

        List<TopicPartition> partitions = new ArrayList<>();
        for (int i = 0; i < 8; i++) partitions.add(new TopicPartition("wide", i));
        int received = 0;
        try (KafkaConsumer<String, String> consumer = consumer(Map.of())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (received < records && System.nanoTime() < deadline) {
                received += consumer.poll(Duration.ofMillis(500)).count();
            }
        }
        assertThat(received).isEqualTo(records);
    }

    private void produceOneBatch(int records, int valueBytes) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "60000");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "1000000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(EVENTS.topic(), 0, "k" + i, "v".repeat(valueBytes)));
            }
            producer.flush();
        }
    }

    private List<ConsumerRecord<String, String>> readFrom(long offset, int count, Map<String, Object> overrides) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(overrides)) {
            consumer.assign(List.of(EVENTS));
            consumer.seek(EVENTS, offset);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }

    private KafkaConsumer<String, String> consumer(Map<String, Object> overrides) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.putAll(overrides);
        return new KafkaConsumer<>(p);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
