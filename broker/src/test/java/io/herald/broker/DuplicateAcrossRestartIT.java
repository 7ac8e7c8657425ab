package io.herald.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsTopic;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.ListOffsetsResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An idempotent producer's retry after a broker crash, with exact bytes: the broker is killed (SIGKILL, no producer
 * state snapshot at close) and restarted, and the very batches it acknowledged before are sent again. They must be
 * answered with their original offsets and not stored twice, because producer state is rebuilt by replaying the log.
 */
@Timeout(120)
class DuplicateAcrossRestartIT {
    static final String TOPIC = "dedup";
    static final long PRODUCER_ID = 4242;

    @TempDir
    Path dataDir;

    @Test
    void batchesRetriedAfterKillNineAreAnsweredWithTheirOriginalOffsets() throws Exception {
        BrokerProcess broker = BrokerProcess.start(dataDir, 0);
        int port = broker.port();
        try (RawKafkaConnection connection = new RawKafkaConnection("127.0.0.1", port)) {
            connection.send(
                    new MetadataRequest.Builder(List.of(TOPIC), true)
                            .build((short) 12)
                            .data(),
                    (short) 12);
            assertThat(produce(connection, 0, "a", "b", "c").baseOffset()).isZero();
            assertThat(produce(connection, 3, "d", "e").baseOffset()).isEqualTo(3);
        }
        broker.kill();

        broker = BrokerProcess.start(dataDir, port);
        try (RawKafkaConnection connection = new RawKafkaConnection("127.0.0.1", port)) {
            PartitionProduceResponse lastRetried = produce(connection, 3, "d", "e");
            PartitionProduceResponse firstRetried = produce(connection, 0, "a", "b", "c");
            PartitionProduceResponse next = produce(connection, 5, "f");

            assertThat(lastRetried.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(lastRetried.baseOffset()).isEqualTo(3);
            assertThat(firstRetried.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(firstRetried.baseOffset()).isZero();
            assertThat(next.baseOffset()).isEqualTo(5);
            assertThat(latestOffset(connection)).isEqualTo(6);
        } finally {
            broker.close();
        }
    }

    private static PartitionProduceResponse produce(RawKafkaConnection connection, int baseSequence, String... values)
            throws Exception {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(
                    System.currentTimeMillis(),
                    "k".getBytes(StandardCharsets.UTF_8),
                    values[i].getBytes(StandardCharsets.UTF_8));
        }
        MemoryRecords batch =
                MemoryRecords.withIdempotentRecords(Compression.NONE, PRODUCER_ID, (short) 0, baseSequence, records);
        ProduceRequestData data = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(10_000);
        ProduceRequestData.TopicProduceData topic = new ProduceRequestData.TopicProduceData().setName(TOPIC);
        topic.partitionData()
                .add(new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(batch));
        data.topicData().add(topic);
        ProduceResponse response = connection.send(data, (short) 12);
        return response.data()
                .responses()
                .iterator()
                .next()
                .partitionResponses()
                .getFirst();
    }

    private static long latestOffset(RawKafkaConnection connection) throws Exception {
        ListOffsetsTopic topic = new ListOffsetsTopic().setName(TOPIC);
        topic.partitions().add(new ListOffsetsPartition().setPartitionIndex(0).setTimestamp(-1));
        ListOffsetsResponse response =
                connection.send(new ListOffsetsRequestData().setReplicaId(-1).setTopics(List.of(topic)), (short) 7);
        return response.data().topics().getFirst().partitions().getFirst().offset();
    }
}
