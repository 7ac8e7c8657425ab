package io.herald.broker.handler;

import io.herald.broker.partition.AppendSignal;
import io.herald.broker.partition.Partition;
import io.herald.broker.topic.Topic;
import io.herald.broker.topic.TopicRegistry;
import io.herald.log.FileRegion;
import io.herald.log.LogReadResult;
import io.herald.log.OffsetOutOfRangeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.FetchResponseData.FetchableTopicResponse;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;

/**
 * Fetch: whole record batches from the one holding each partition's fetch offset, sent from the segment files without
 * a copy ({@link RegionRecords}).
 *
 * <p><b>Limits</b> (KIP-74, as Kafka): each partition gets at most {@code min(partition_max_bytes, bytes left of
 * max_bytes)}, except that the first partition with data always gets one whole batch however large, so a consumer can
 * never be stuck behind a batch bigger than its limits. A later partition whose next batch does not fit gets nothing
 * this time.
 *
 * <p><b>Long poll.</b> With fewer than {@code min_bytes} available, no error, {@code max_wait_ms} > 0 and at least one
 * partition asked for, the request waits on the broker's {@link AppendSignal}, woken by appends to the partitions it
 * reads, until enough data arrives or the wait ends ({@link RequestDeadlines}), then answers with what there is. It
 * waits on the connection's virtual thread, holding no platform thread. A fetch for no partitions (what a consumer
 * sends on close to end its session) is answered at once, as in Kafka: {@code KafkaConsumer.close()} waits for that
 * answer.
 *
 * <p><b>Offsets.</b> Data is readable up to the high watermark; without transactions the last stable offset equals it,
 * which is what read_committed consumers (librdkafka's and kafkajs's default) read up to. An offset below the log start
 * offset or past the log end offset gets {@code OFFSET_OUT_OF_RANGE}.
 *
 * <p><b>Sessions</b> (KIP-227). Every response carries session id 0, which tells clients to send full requests;
 * that is legal and what Kafka does when its session cache is full. An incremental request for a session id Herald
 * never gave out gets {@code FETCH_SESSION_ID_NOT_FOUND}.
 */
final class FetchHandler implements RequestHandler<FetchRequest> {
    private final TopicRegistry topics;
    private final AppendSignal signal;
    private final RequestDeadlines deadlines;

    FetchHandler(TopicRegistry topics, AppendSignal signal, RequestDeadlines deadlines) {
        this.topics = topics;
        this.signal = signal;
        this.deadlines = deadlines;
    }

    @Override
    public AbstractResponse handle(RequestContext context, FetchRequest request) {
        FetchRequestData data = request.data();
        if (data.sessionId() != 0) {
            return FetchResponse.of(new FetchResponseData()
                    .setErrorCode(Errors.FETCH_SESSION_ID_NOT_FOUND.code())
                    .setSessionId(0));
        }
        boolean byId = context.apiVersion() >= 13;
        boolean mayWait = data.maxWaitMs() > 0
                && data.topics().stream().anyMatch(t -> !t.partitions().isEmpty());
        Round round = read(data, byId);
        if (round.isAnswer(data.minBytes()) || !mayWait) return round.response();
        try (AppendSignal.Waiter waiter = signal.register(round.partitions())) {
            CompletableFuture<Void> wait = deadlines.failAfter(new CompletableFuture<>(), data.maxWaitMs());
            wait.exceptionally(timedOut -> {
                waiter.expire();
                return null;
            });
            try {
                while (true) {
                    waiter.rearm();
                    round = read(data, byId);
                    if (round.isAnswer(data.minBytes())) return round.response();
                    if (!waiter.await()) return read(data, byId).response();
                }
            } finally {
                wait.complete(null); // answered before the deadline: the deadline thread drops it
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return round.response();
        }
    }

    /** One pass over the requested partitions, and the partitions it read (to wait on them). */
    private record Round(FetchResponseData data, int bytes, boolean error, List<Partition> partitions) {
        boolean isAnswer(int minBytes) {
            return bytes >= minBytes || error;
        }

        FetchResponse response() {
            return FetchResponse.of(data);
        }
    }

    private Round read(FetchRequestData request, boolean byId) {
        FetchResponseData response =
                new FetchResponseData().setErrorCode(Errors.NONE.code()).setSessionId(0);
        int bytesLeft = request.maxBytes();
        int bytes = 0;
        boolean error = false;
        List<Partition> partitions = new ArrayList<>();
        for (FetchRequestData.FetchTopic fetchTopic : request.topics()) {
            Topic topic = byId ? topics.topic(fetchTopic.topicId()) : topics.topic(fetchTopic.topic());
            FetchableTopicResponse topicResponse = new FetchableTopicResponse();
            if (byId) topicResponse.setTopicId(fetchTopic.topicId());
            else topicResponse.setTopic(fetchTopic.topic());
            for (FetchRequestData.FetchPartition fetchPartition : fetchTopic.partitions()) {
                PartitionData out = new PartitionData()
                        .setPartitionIndex(fetchPartition.partition())
                        .setRecords(MemoryRecords.EMPTY);
                topicResponse.partitions().add(out);
                Partition partition = topic == null ? null : topic.partition(fetchPartition.partition());
                Errors failure = check(partition, fetchPartition, byId);
                if (partition != null) partitions.add(partition);
                if (failure == Errors.NONE) {
                    failure = readPartition(partition, fetchPartition, out, Math.max(0, bytesLeft), bytes == 0);
                }
                if (failure != Errors.NONE) {
                    error = true;
                    out.setErrorCode(failure.code());
                }
                int size = out.records().sizeInBytes();
                bytes += size;
                bytesLeft -= size;
            }
            response.responses().add(topicResponse);
        }
        return new Round(response, bytes, error, partitions);
    }

    private static Errors check(Partition partition, FetchRequestData.FetchPartition request, boolean byId) {
        if (partition == null) return byId ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION;
        if (request.currentLeaderEpoch() > Partition.LEADER_EPOCH) return Errors.UNKNOWN_LEADER_EPOCH;
        return Errors.NONE;
    }

    private static Errors readPartition(
            Partition partition,
            FetchRequestData.FetchPartition request,
            PartitionData out,
            int bytesLeft,
            boolean minOne) {
        int limit = Math.min(request.partitionMaxBytes(), bytesLeft);
        LogReadResult read;
        try {
            read = partition.read(request.fetchOffset(), Math.max(1, limit));
        } catch (OffsetOutOfRangeException e) {
            out.setHighWatermark(partition.highWatermark())
                    .setLastStableOffset(partition.highWatermark())
                    .setLogStartOffset(partition.logStartOffset());
            return Errors.OFFSET_OUT_OF_RANGE;
        }
        out.setHighWatermark(read.highWatermark())
                .setLastStableOffset(read.highWatermark())
                .setLogStartOffset(read.logStartOffset());
        List<FileRegion> regions = read.regions();
        boolean fits = minOne || (!regions.isEmpty() && regions.getFirst().sizeInBytes() <= limit);
        if (!regions.isEmpty() && fits) out.setRecords(new RegionRecords(regions));
        return Errors.NONE;
    }
}
