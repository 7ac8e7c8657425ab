package io.herald.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DeleteRecordsResponse;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** DeleteRecords and ListOffsets through the Java Admin, checked with a consumer. */
@Timeout(120)
class RecordsAdminIT {
    private static final TopicPartition TP = new TopicPartition("records", 0);

    @TempDir
    Path dataDir;

    Broker broker;
    Admin admin;

    @BeforeEach
    void start() throws Exception {
        broker = Broker.start(BrokerConfig.fromProperties(Map.of("listeners", "PLAINTEXT://127.0.0.1:0"))
                .withDataDir(dataDir));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
        admin.createTopics(List.of(new NewTopic(TP.topic(), 1, (short) 1)))
                .all()
                .get();
    }

    @AfterEach
    void stop() {
        if (admin != null) admin.close();
        if (broker != null) broker.close();
    }

    @Test
    void deleteRecordsMovesTheStartThatListOffsetsAndConsumersSee() throws Exception {
        produce(TP, 10, i -> 1_000L + i);

        long lowWatermark = admin.deleteRecords(Map.of(TP, RecordsToDelete.beforeOffset(4)))
                .lowWatermarks()
                .get(TP)
                .get()
                .lowWatermark();

        assertThat(lowWatermark).isEqualTo(4);
        assertThat(offset(OffsetSpec.earliest()).offset()).isEqualTo(4);
        List<ConsumerRecord<String, String>> records = consumeFromBeginning(6);
        assertThat(records.get(0).offset()).isEqualTo(4);
        assertThat(records.get(0).value()).isEqualTo("v4");
    }

    @Test
    void deleteRecordsAtMinusOneDeletesUpToTheHighWatermark() throws Exception {
        produce(TP, 5, i -> 1_000L + i);

        long lowWatermark = admin.deleteRecords(Map.of(TP, RecordsToDelete.beforeOffset(-1)))
                .lowWatermarks()
                .get(TP)
                .get()
                .lowWatermark();

        assertThat(lowWatermark).isEqualTo(5);
        assertThat(offset(OffsetSpec.earliest()).offset()).isEqualTo(5);
    }

    @Test
    void deleteRecordsPastTheHighWatermarkIsOffsetOutOfRange() throws Exception {
        produce(TP, 3, i -> 1_000L + i);

        assertThatThrownBy(() -> admin.deleteRecords(Map.of(TP, RecordsToDelete.beforeOffset(4)))
                        .all()
                        .get())
                .hasCauseInstanceOf(OffsetOutOfRangeException.class);
        assertThat(offset(OffsetSpec.earliest()).offset()).isZero();
    }

    @Test
    void deleteRecordsOfACompactedTopicIsAPolicyViolation() throws Exception {
        admin.createTopics(
                        List.of(new NewTopic("compacted", 1, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                .all()
                .get();
        TopicPartition compacted = new TopicPartition("compacted", 0);

        assertThatThrownBy(() -> admin.deleteRecords(Map.of(compacted, RecordsToDelete.beforeOffset(0)))
                        .all()
                        .get())
                .hasCauseInstanceOf(PolicyViolationException.class);
    }

    @Test
    void deleteRecordsOfAnUnknownPartitionIsUnknownTopicOrPartition() throws Exception {
        // raw, since the Admin waits for the partition to appear in Metadata until its timeout
        DeleteRecordsRequestData data = new DeleteRecordsRequestData()
                .setTopics(List.of(new DeleteRecordsRequestData.DeleteRecordsTopic()
                        .setName(TP.topic())
                        .setPartitions(List.of(new DeleteRecordsRequestData.DeleteRecordsPartition()
                                .setPartitionIndex(7)
                                .setOffset(0)))));
        try (RawKafkaConnection raw = new RawKafkaConnection(broker.host(), broker.port())) {
            DeleteRecordsResponse response = raw.<DeleteRecordsResponse>send(data, (short) 2);

            var partition =
                    response.data().topics().find(TP.topic()).partitions().find(7);
            assertThat(partition.errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
            assertThat(partition.lowWatermark()).isEqualTo(DeleteRecordsResponse.INVALID_LOW_WATERMARK);
        }
    }

    @Test
    void listOffsetsAnswersEarliestLatestMaxTimestampAndByTimestamp() throws Exception {
        // timestamps 1000, 1010, ..., with the largest (5000) at offset 3
        produce(TP, 6, i -> i == 3 ? 5_000L : 1_000L + 10 * i);

        assertThat(offset(OffsetSpec.earliest()).offset()).isZero();
        assertThat(offset(OffsetSpec.latest()).offset()).isEqualTo(6);
        ListOffsetsResultInfo max = offset(OffsetSpec.maxTimestamp());
        assertThat(max.offset()).isEqualTo(3);
        assertThat(max.timestamp()).isEqualTo(5_000L);
        ListOffsetsResultInfo at = offset(OffsetSpec.forTimestamp(1_015L));
        assertThat(at.offset()).isEqualTo(2);
        assertThat(at.timestamp()).isEqualTo(1_020L);
        assertThat(offset(OffsetSpec.forTimestamp(9_999L)).offset()).isEqualTo(-1);
    }

    private ListOffsetsResultInfo offset(OffsetSpec spec) throws Exception {
        return admin.listOffsets(Map.of(TP, spec)).partitionResult(TP).get();
    }

    private void produce(TopicPartition tp, int count, java.util.function.IntToLongFunction timestamp)
            throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(
                                tp.topic(), tp.partition(), timestamp.applyAsLong(i), "k" + i, "v" + i))
                        .get();
            }
        }
    }

    private List<ConsumerRecord<String, String>> consumeFromBeginning(int count) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.assign(List.of(TP));
            consumer.seekToBeginning(List.of(TP));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
        }
        assertThat(received).hasSize(count);
        return received;
    }
}
