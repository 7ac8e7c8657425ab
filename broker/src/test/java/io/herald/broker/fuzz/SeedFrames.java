package io.herald.broker.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * Valid request frames for every API the broker advertises, at every version it accepts, as a Java client would send
 * them (kafka-clients' generated request data, serialized by kafka-clients), about the seed topics. An advertised API
 * this class has no builder for gets kafka-clients' default request, so that a newly routed API is fuzzed from the day
 * it is advertised. These are the starting points the mutators corrupt.
 */
final class SeedFrames {
    /** A topic with data in the broker under test. */
    record SeedTopic(String name, Uuid id, int partitions) {}

    /** One valid frame. */
    record Seed(ApiKeys api, short version, String label, byte[] frame) {}

    private SeedFrames() {}

    /** Frames for each API in {@code accepted} (API to its lowest and highest accepted version). */
    static List<Seed> build(Map<ApiKeys, short[]> accepted, List<SeedTopic> topics, SplittableRandom random) {
        List<Seed> seeds = new ArrayList<>();
        RecordBatches batches = new RecordBatches(random);
        for (Map.Entry<ApiKeys, short[]> entry : accepted.entrySet()) {
            ApiKeys api = entry.getKey();
            for (short version = entry.getValue()[0]; version <= entry.getValue()[1]; version++) {
                short v = version;
                List<ApiMessage> bodies = bodies(api, v, topics, batches, random);
                for (int i = 0; i < bodies.size(); i++) {
                    try {
                        seeds.add(new Seed(
                                api, v, api + " v" + v + " #" + i, Frames.request(api, v, 0, "fuzz", bodies.get(i))));
                    } catch (RuntimeException e) {
                        // a field this variant sets does not exist at this version: the variant is not sent at it
                    }
                }
            }
        }
        return seeds;
    }

    private static List<ApiMessage> bodies(
            ApiKeys api, short version, List<SeedTopic> topics, RecordBatches batches, SplittableRandom random) {
        return switch (api) {
            case API_VERSIONS ->
                List.of(
                        new ApiVersionsRequestData()
                                .setClientSoftwareName("herald-fuzz")
                                .setClientSoftwareVersion("1.0"),
                        new ApiVersionsRequestData());
            case METADATA -> metadata(version, topics);
            case PRODUCE -> variants(6, i -> produce(version, topics, i, batches, random));
            case FETCH -> variants(6, i -> fetch(version, topics, i));
            case LIST_OFFSETS -> variants(7, i -> listOffsets(topics, new long[] {-1, -2, -3, -4, -5, 0, 1L << 40}[i]));
            case OFFSET_FOR_LEADER_EPOCH -> variants(3, i -> offsetForLeaderEpoch(topics, i - 1));
            default -> List.of(ApiMessageType.fromApiKey(api.id).newRequest());
        };
    }

    private static List<ApiMessage> variants(int count, IntFunction<ApiMessage> variant) {
        List<ApiMessage> out = new ArrayList<>();
        for (int i = 0; i < count; i++) out.add(variant.apply(i));
        return out;
    }

    private static List<ApiMessage> metadata(short version, List<SeedTopic> topics) {
        List<MetadataRequestData.MetadataRequestTopic> named = new ArrayList<>();
        List<MetadataRequestData.MetadataRequestTopic> byId = new ArrayList<>();
        for (SeedTopic topic : topics) {
            named.add(new MetadataRequestData.MetadataRequestTopic().setName(topic.name()));
            byId.add(
                    new MetadataRequestData.MetadataRequestTopic().setName(null).setTopicId(topic.id()));
        }
        named.add(new MetadataRequestData.MetadataRequestTopic().setName("fuzz-unknown"));
        return List.of(
                new MetadataRequestData().setTopics(version == 0 ? List.of() : null),
                new MetadataRequestData().setTopics(named).setAllowAutoTopicCreation(false),
                new MetadataRequestData().setTopics(byId),
                new MetadataRequestData().setTopics(List.of()));
    }

    private static ApiMessage produce(
            short version, List<SeedTopic> topics, int variant, RecordBatches batches, SplittableRandom random) {
        ProduceRequestData.TopicProduceDataCollection data = new ProduceRequestData.TopicProduceDataCollection();
        for (SeedTopic topic : topics) {
            ProduceRequestData.TopicProduceData topicData = version >= 13
                    ? new ProduceRequestData.TopicProduceData().setTopicId(topic.id())
                    : new ProduceRequestData.TopicProduceData().setName(topic.name());
            for (int p = 0; p < topic.partitions(); p++) {
                byte[] batch = variant < 4 ? batches.valid() : batches.corrupt(batches.valid());
                topicData
                        .partitionData()
                        .add(new ProduceRequestData.PartitionProduceData()
                                .setIndex(p)
                                .setRecords(MemoryRecords.readableRecords(java.nio.ByteBuffer.wrap(batch))));
            }
            data.add(topicData);
        }
        short acks = (short) new int[] {-1, 1, 0, -1, 1, 0}[variant];
        return new ProduceRequestData()
                .setAcks(acks)
                .setTimeoutMs(random.nextInt(1000, 5000))
                .setTopicData(data);
    }

    private static ApiMessage fetch(short version, List<SeedTopic> topics, int variant) {
        List<FetchRequestData.FetchTopic> fetchTopics = new ArrayList<>();
        for (SeedTopic topic : topics) {
            FetchRequestData.FetchTopic fetchTopic = version >= 13
                    ? new FetchRequestData.FetchTopic().setTopicId(topic.id())
                    : new FetchRequestData.FetchTopic().setTopic(topic.name());
            for (int p = 0; p < topic.partitions(); p++) {
                long offset = new long[] {0, 3, 1_000_000, -1, 0, 0}[variant];
                fetchTopic
                        .partitions()
                        .add(new FetchRequestData.FetchPartition()
                                .setPartition(p)
                                .setFetchOffset(offset)
                                .setPartitionMaxBytes(variant == 4 ? 1 : 1 << 20)
                                .setCurrentLeaderEpoch(variant == 5 ? 7 : -1));
            }
            fetchTopics.add(fetchTopic);
        }
        return new FetchRequestData()
                .setReplicaId(-1)
                .setMaxWaitMs(variant == 2 ? 10 : 0)
                .setMinBytes(1)
                .setMaxBytes(variant == 4 ? 1 : Integer.MAX_VALUE)
                .setIsolationLevel((byte) (variant % 2))
                .setTopics(fetchTopics);
    }

    private static ApiMessage listOffsets(List<SeedTopic> topics, long timestamp) {
        List<ListOffsetsRequestData.ListOffsetsTopic> out = new ArrayList<>();
        for (SeedTopic topic : topics) {
            ListOffsetsRequestData.ListOffsetsTopic listTopic =
                    new ListOffsetsRequestData.ListOffsetsTopic().setName(topic.name());
            for (int p = 0; p < topic.partitions(); p++) {
                listTopic
                        .partitions()
                        .add(new ListOffsetsRequestData.ListOffsetsPartition()
                                .setPartitionIndex(p)
                                .setTimestamp(timestamp));
            }
            out.add(listTopic);
        }
        return new ListOffsetsRequestData().setReplicaId(-1).setTopics(out);
    }

    private static ApiMessage offsetForLeaderEpoch(List<SeedTopic> topics, int leaderEpoch) {
        OffsetForLeaderEpochRequestData.OffsetForLeaderTopicCollection out =
                new OffsetForLeaderEpochRequestData.OffsetForLeaderTopicCollection();
        for (SeedTopic topic : topics) {
            OffsetForLeaderEpochRequestData.OffsetForLeaderTopic epochTopic =
                    new OffsetForLeaderEpochRequestData.OffsetForLeaderTopic().setTopic(topic.name());
            for (int p = 0; p < topic.partitions(); p++) {
                epochTopic
                        .partitions()
                        .add(new OffsetForLeaderEpochRequestData.OffsetForLeaderPartition()
                                .setPartition(p)
                                .setCurrentLeaderEpoch(-1)
                                .setLeaderEpoch(leaderEpoch));
            }
            out.add(epochTopic);
        }
        return new OffsetForLeaderEpochRequestData().setReplicaId(-2).setTopics(out);
    }
}
