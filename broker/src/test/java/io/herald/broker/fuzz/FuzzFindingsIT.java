package io.herald.broker.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.Broker;
import io.herald.broker.BrokerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ListOffsetsResponse;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.ProduceResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Regression tests for what {@link RequestFuzzIT} found, one per finding, each with the smallest request that hit it. */
@Timeout(60)
class FuzzFindingsIT {
    @TempDir
    Path dataDir;

    Broker broker;

    @BeforeEach
    void start() {
        broker = Broker.start(BrokerConfig.fromProperties(Map.of("listeners", "PLAINTEXT://127.0.0.1:0"))
                .withDataDir(dataDir));
        broker.topics().create("t", 1, (short) -1, Map.of(), false);
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    /** Found: v1-3 have no leader_epoch, and writing the partition's epoch 0 there failed and closed the connection. */
    @ParameterizedTest
    @ValueSource(shorts = {1, 2, 3, 4})
    void listOffsetsIsAnsweredAtVersionsWithoutLeaderEpoch(short version) throws Exception {
        ListOffsetsRequestData request = new ListOffsetsRequestData()
                .setReplicaId(-1)
                .setTopics(List.of(new ListOffsetsRequestData.ListOffsetsTopic()
                        .setName("t")
                        .setPartitions(List.of(new ListOffsetsRequestData.ListOffsetsPartition()
                                .setPartitionIndex(0)
                                .setTimestamp(-1)))));

        ListOffsetsResponse response =
                (ListOffsetsResponse) Exchange.roundTrip(broker, ApiKeys.LIST_OFFSETS, version, request);

        var partition = response.data().topics().getFirst().partitions().getFirst();
        assertThat(partition.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(partition.offset()).isZero();
    }

    /** Found: a null records field (legal on the wire) reached the append and failed with a NullPointerException. */
    @ParameterizedTest
    @ValueSource(shorts = {3, 12})
    void produceWithNullRecordsIsAnsweredInvalidRecord(short version) throws Exception {
        ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
        topics.add(new ProduceRequestData.TopicProduceData()
                .setName("t")
                .setPartitionData(List.of(new ProduceRequestData.PartitionProduceData()
                        .setIndex(0)
                        .setRecords(null))));
        ProduceRequestData request =
                new ProduceRequestData().setAcks((short) 1).setTimeoutMs(1000).setTopicData(topics);

        ProduceResponse response = (ProduceResponse) Exchange.roundTrip(broker, ApiKeys.PRODUCE, version, request);

        var partition = response.data()
                .responses()
                .iterator()
                .next()
                .partitionResponses()
                .getFirst();
        assertThat(partition.errorCode()).isEqualTo(Errors.INVALID_RECORD.code());
    }

    /**
     * Found: bad acks was thrown and answered through kafka-clients' ProduceRequest.getErrorResponse, which fails with a
     * NullPointerException on a partition whose records are null, so the broker closed the connection instead.
     */
    @org.junit.jupiter.api.Test
    void produceWithBadAcksAndNullRecordsIsAnsweredInvalidRequiredAcks() throws Exception {
        ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
        topics.add(new ProduceRequestData.TopicProduceData()
                .setName("t")
                .setPartitionData(List.of(new ProduceRequestData.PartitionProduceData()
                        .setIndex(0)
                        .setRecords(null))));
        ProduceRequestData request =
                new ProduceRequestData().setAcks((short) 5).setTimeoutMs(1000).setTopicData(topics);

        ProduceResponse response = (ProduceResponse) Exchange.roundTrip(broker, ApiKeys.PRODUCE, (short) 8, request);

        var partition = response.data()
                .responses()
                .iterator()
                .next()
                .partitionResponses()
                .getFirst();
        assertThat(partition.errorCode()).isEqualTo(Errors.INVALID_REQUIRED_ACKS.code());
    }

    /** Found: a v10-11 request may name a topic by id only, and the answer's null name cannot be written below v12. */
    @ParameterizedTest
    @ValueSource(shorts = {10, 11})
    void metadataForATopicWithoutNameBelowV12IsAnsweredInvalidRequest(short version) throws Exception {
        MetadataRequestData request = new MetadataRequestData()
                .setTopics(List.of(new MetadataRequestData.MetadataRequestTopic()
                        .setName(null)
                        .setTopicId(broker.topics().topic("t").id())));

        MetadataResponse response = (MetadataResponse) Exchange.roundTrip(broker, ApiKeys.METADATA, version, request);

        assertThat(response.data().topics())
                .singleElement()
                .satisfies(topic -> assertThat(topic.errorCode()).isEqualTo(Errors.INVALID_REQUEST.code()));
    }

    /**
     * Found (RequestFuzzIT seed 1592651789, try 18292 of 20000): a Produce v3 with acks=0 to the compacted topic whose
     * batch claims snappy compression (attributes 2) over garbage kept its connection thread spinning: snappy-java
     * reads a block without the snappy stream header as one raw block, and that path never returned. Batches are now
     * CRC-checked before any decoding, and a snappy batch without the header is refused. The frames as the fuzzer
     * sent them: an InitProducerId, then the Produce (topic seed-compact, 2 partitions).
     */
    @org.junit.jupiter.api.Test
    void corruptSnappyBatchOnACompactedTopicIsRefusedPromptly() throws Exception {
        broker.topics().create("seed-compact", 2, (short) -1, Map.of("cleanup.policy", "compact"), false);
        byte[] stream = java.util.HexFormat.of()
                .parseHex(
                        "0000001f001600000000646a000bc3bc6ec3af63c3b864c3a900047332383600000009000000b6000000030000646b000466"
                                + "757a7a0003733938000000007fff00000001000c736565642d636f6d706163740000000200000003ffffffff000000000000"
                                + "007700000000000000000000006bffffffff02ee1ab06a000200000001000001a225699a3f000001a225699a3fffffffffff"
                                + "ffffffffffffffffff0000000293d4cbea04505900000000010000000100000026248c26000000066b3130142e33001bd8e6"
                                + "e630f351001e000002066b31350c3f670616008f00");

        var expected = ExpectedExchange.of(
                stream,
                Map.of(
                        ApiKeys.INIT_PRODUCER_ID, new short[] {0, 5},
                        ApiKeys.PRODUCE, new short[] {3, 13}),
                100 << 20);

        Exchange.run(new java.net.InetSocketAddress(broker.host(), broker.port()), stream, expected);
    }
}
