package io.herald.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.topic.Topic;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.ListOffsetsResponse;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.ProduceResponse;
import org.apache.kafka.common.requests.ResponseHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every advertised version of the data-path APIs, sent as raw requests at exactly that version, the way old and
 * third-party clients send them (librdkafka 2.0.2: Produce v7, Fetch v11, ListOffsets v2, Metadata v4; kafkajs 2.2.4:
 * Produce v7, Fetch v11, ListOffsets v3, Metadata v6), plus the ApiVersions edge cases of KIP-511 and KAFKA-18659.
 */
@Timeout(60)
class ProtocolVersionsIT {
    private static final String TOPIC = "versions";
    private static final int RECORDS = 5;

    @TempDir
    Path dataDir;

    Broker broker;
    Topic topic;

    @BeforeEach
    void start() {
        broker = Broker.start(BrokerConfig.fromProperties(Map.of("listeners", "PLAINTEXT://127.0.0.1:0"))
                .withDataDir(dataDir));
        topic = broker.topics().create(TOPIC, 1, (short) -1, Map.of(), false);
        SimpleRecord[] records = IntStream.range(0, RECORDS)
                .mapToObj(i -> new SimpleRecord(("k" + i).getBytes(StandardCharsets.UTF_8), bytes("v" + i)))
                .toArray(SimpleRecord[]::new);
        broker.topics()
                .partition(new TopicPartition(TOPIC, 0))
                .append(MemoryRecords.withRecords(Compression.NONE, records).buffer())
                .durable()
                .join();
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void apiVersionsAdvertisesProduceFromVersionZeroForLibrdkafkasCompressionProbe() throws IOException {
        ApiVersionsResponse response;
        try (RawKafkaConnection connection = connect()) {
            response = connection.send(
                    new ApiVersionsRequestData().setClientSoftwareName("raw-it").setClientSoftwareVersion("1.0"),
                    (short) 3);
        }

        assertThat(response.data().errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(response.apiVersion(ApiKeys.PRODUCE.id).minVersion()).isZero();
        assertThat(response.apiVersion(ApiKeys.PRODUCE.id).maxVersion()).isGreaterThanOrEqualTo((short) 7);
        assertThat(response.apiVersion(ApiKeys.FETCH.id).minVersion()).isLessThanOrEqualTo((short) 4);
    }

    @Test
    void produceV2IsRefusedByClosingTheConnectionThoughV0IsAdvertised() throws IOException {
        // kafka-clients cannot write Produce v2 any more (KIP-896), so the frame is laid out by hand: request header
        // v1 (key, version, correlation id, client id), then a v2 body with acks=-1, timeout 1000 and no topics.
        ByteBuffer frame = ByteBuffer.allocate(64);
        frame.putShort(ApiKeys.PRODUCE.id).putShort((short) 2).putInt(7);
        putString(frame, "raw-it");
        frame.putShort((short) -1).putInt(1000).putInt(0).flip();

        try (RawKafkaConnection connection = connect()) {
            connection.sendFrame(frame);

            assertThat(connection.closedByBroker()).isTrue();
        }
    }

    @Test
    void unknownApiVersionsVersionGetsUnsupportedVersionAndItsRangeInAV0Body() throws IOException {
        // request header v2 (ApiVersions v3+): key, version 99, correlation id, client id, no tagged fields; the body
        // is not read
        ByteBuffer frame = ByteBuffer.allocate(64);
        frame.putShort(ApiKeys.API_VERSIONS.id).putShort((short) 99).putInt(42);
        putString(frame, "raw-it");
        frame.put((byte) 0).put((byte) 0).flip();

        ByteBuffer answer;
        try (RawKafkaConnection connection = connect()) {
            connection.sendFrame(frame);
            answer = connection.readFrame();
        }

        assertThat(answer).as("a response, not a closed connection").isNotNull();
        assertThat(ResponseHeader.parse(answer, (short) 0).correlationId()).isEqualTo(42);
        ApiVersionsResponseData body = new ApiVersionsResponseData(new ByteBufferAccessor(answer), (short) 0);
        assertThat(body.errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
        assertThat(body.apiKeys()).hasSize(1);
        ApiVersion range = body.apiKeys().find(ApiKeys.API_VERSIONS.id);
        assertThat(range.minVersion()).isZero();
        assertThat(range.maxVersion()).isEqualTo(ApiKeys.API_VERSIONS.latestVersion(false));
    }

    @ParameterizedTest(name = "Produce v{0}")
    @MethodSource("produceVersions")
    void everyProduceVersionAppends(short version) throws IOException {
        ProduceRequestData.TopicProduceData topicData = new ProduceRequestData.TopicProduceData();
        if (version >= 13) topicData.setTopicId(topic.id());
        else topicData.setName(TOPIC);
        topicData
                .partitionData()
                .add(new ProduceRequestData.PartitionProduceData()
                        .setIndex(0)
                        .setRecords(MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(bytes("new")))));
        ProduceRequestData request =
                new ProduceRequestData().setAcks((short) -1).setTimeoutMs(10_000);
        request.topicData().add(topicData);

        ProduceResponse response;
        try (RawKafkaConnection connection = connect()) {
            response = connection.send(request, version);
        }

        ProduceResponseData.PartitionProduceResponse partition = response.data()
                .responses()
                .iterator()
                .next()
                .partitionResponses()
                .getFirst();
        assertThat(Errors.forCode(partition.errorCode())).isEqualTo(Errors.NONE);
        assertThat(partition.baseOffset()).isEqualTo(RECORDS);
    }

    @ParameterizedTest(name = "Fetch v{0}")
    @MethodSource("fetchVersions")
    void everyFetchVersionReadsTheRecordsReadCommitted(short version) throws IOException {
        FetchRequestData.FetchTopic fetchTopic = new FetchRequestData.FetchTopic();
        if (version >= 13) fetchTopic.setTopicId(topic.id());
        else fetchTopic.setTopic(TOPIC);
        fetchTopic
                .partitions()
                .add(new FetchRequestData.FetchPartition()
                        .setPartition(0)
                        .setFetchOffset(0)
                        .setPartitionMaxBytes(1 << 20));
        FetchRequestData request = new FetchRequestData()
                .setMaxWaitMs(0)
                .setMinBytes(1)
                .setMaxBytes(1 << 20)
                .setIsolationLevel((byte) 1);
        request.topics().add(fetchTopic);

        FetchResponse response;
        try (RawKafkaConnection connection = connect()) {
            response = connection.send(request, version);
        }

        FetchResponseData.PartitionData partition =
                response.data().responses().getFirst().partitions().getFirst();
        assertThat(Errors.forCode(partition.errorCode())).isEqualTo(Errors.NONE);
        assertThat(partition.highWatermark()).isEqualTo(RECORDS);
        assertThat(partition.lastStableOffset()).isEqualTo(RECORDS);
        assertThat(values((MemoryRecords) partition.records())).containsExactly("v0", "v1", "v2", "v3", "v4");
    }

    @ParameterizedTest(name = "ListOffsets v{0}")
    @MethodSource("listOffsetsVersions")
    void everyListOffsetsVersionAnswersEarliestAndLatest(short version) throws IOException {
        ListOffsetsRequestData request = new ListOffsetsRequestData().setReplicaId(-1);
        ListOffsetsRequestData.ListOffsetsTopic listTopic =
                new ListOffsetsRequestData.ListOffsetsTopic().setName(TOPIC);
        listTopic.partitions().add(new ListOffsetsRequestData.ListOffsetsPartition().setTimestamp(-2));
        request.topics().add(listTopic);
        ListOffsetsRequestData latest = request.duplicate();
        latest.topics().getFirst().partitions().getFirst().setTimestamp(-1);

        long earliest;
        long end;
        try (RawKafkaConnection connection = connect()) {
            earliest = offset(connection.send(request, version));
            end = offset(connection.send(latest, version));
        }

        assertThat(earliest).isZero();
        assertThat(end).isEqualTo(RECORDS);
    }

    @ParameterizedTest(name = "Metadata v{0}")
    @MethodSource("metadataVersions")
    void everyMetadataVersionDescribesTheBrokerAndTopic(short version) throws IOException {
        MetadataRequestData request = new MetadataRequestData();
        request.topics().add(new MetadataRequestData.MetadataRequestTopic().setName(TOPIC));

        MetadataResponse response;
        try (RawKafkaConnection connection = connect()) {
            response = connection.send(request, version);
        }

        MetadataResponseData data = response.data();
        assertThat(data.brokers())
                .singleElement()
                .satisfies(b -> assertThat(b.port()).isEqualTo(broker.port()));
        MetadataResponseData.MetadataResponseTopic described =
                data.topics().iterator().next();
        assertThat(Errors.forCode(described.errorCode())).isEqualTo(Errors.NONE);
        assertThat(described.name()).isEqualTo(TOPIC);
        assertThat(described.partitions())
                .singleElement()
                .satisfies(
                        p -> assertThat(p.leaderId()).isEqualTo(broker.config().nodeId()));
    }

    @Test
    void anEmptyTopicListMeansAllTopicsAtV0AndNoneLater() throws IOException {
        MetadataResponse v0;
        MetadataResponse v1;
        try (RawKafkaConnection connection = connect()) {
            v0 = connection.send(new MetadataRequestData(), (short) 0);
            v1 = connection.send(new MetadataRequestData(), (short) 1);
        }

        assertThat(v0.data().topics())
                .extracting(MetadataResponseData.MetadataResponseTopic::name)
                .contains(TOPIC);
        assertThat(v1.data().topics()).isEmpty();
    }

    static List<Short> produceVersions() {
        return versions(ApiKeys.PRODUCE);
    }

    static List<Short> fetchVersions() {
        return versions(ApiKeys.FETCH);
    }

    static List<Short> listOffsetsVersions() {
        return versions(ApiKeys.LIST_OFFSETS);
    }

    static List<Short> metadataVersions() {
        return versions(ApiKeys.METADATA);
    }

    /** From the oldest version a broker accepts to the newest stable one: what Herald advertises. */
    private static List<Short> versions(ApiKeys api) {
        List<Short> versions = new ArrayList<>();
        for (short v = api.oldestVersion(); v <= api.latestVersion(false); v++) versions.add(v);
        return versions;
    }

    private RawKafkaConnection connect() throws IOException {
        return new RawKafkaConnection(broker.host(), broker.port());
    }

    private static long offset(ListOffsetsResponse response) {
        ListOffsetsResponseData.ListOffsetsPartitionResponse partition =
                response.data().topics().getFirst().partitions().getFirst();
        assertThat(Errors.forCode(partition.errorCode())).isEqualTo(Errors.NONE);
        return partition.offset();
    }

    private static List<String> values(MemoryRecords records) {
        List<String> values = new ArrayList<>();
        for (RecordBatch batch : records.batches()) {
            for (Record record : batch)
                values.add(StandardCharsets.UTF_8.decode(record.value()).toString());
        }
        return values;
    }

    private static void putString(ByteBuffer buffer, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        buffer.putShort((short) bytes.length).put(bytes);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
