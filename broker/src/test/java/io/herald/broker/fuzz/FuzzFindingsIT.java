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
}
