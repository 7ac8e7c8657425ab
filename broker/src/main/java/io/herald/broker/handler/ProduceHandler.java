package io.herald.broker.handler;

import io.herald.broker.partition.Partition;
import io.herald.broker.partition.Partition.AppendOutcome;
import io.herald.broker.topic.Topic;
import io.herald.broker.topic.TopicRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidRequiredAcksException;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.message.ProduceResponseData.TopicProduceResponse;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;

/**
 * Produce: appends each partition's batch and answers per partition with its base offset or the error a Kafka broker
 * would give. The batches are appended at once, in request order; {@code acks=all} is answered once every batch of
 * the request is durable (the log's fsync, group-committed
 * with every other producer), or with {@code REQUEST_TIMED_OUT} for the partitions still waiting when the request's
 * timeout passes; {@code acks=1} once the batches are written; {@code acks=0} never (on an error the connection is
 * closed, which is all such a producer can learn).
 *
 * <p>Topics are named (v3-12) or given by id (v13); the answer uses the same form.
 */
final class ProduceHandler implements DeferredRequestHandler<ProduceRequest> {
    private final TopicRegistry topics;
    private final RequestDeadlines deadlines;

    ProduceHandler(TopicRegistry topics, RequestDeadlines deadlines) {
        this.topics = topics;
        this.deadlines = deadlines;
    }

    /** A partition's answer, or the pending append that will decide it (null when the answer is already set). */
    record Slot(PartitionProduceResponse response, AppendOutcome outcome) {}

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, ProduceRequest request) {
        ProduceRequestData data = request.data();
        short acks = data.acks();
        // As Kafka: bad acks fail every partition in an ordinary response, nothing appended. (Thrown instead, it would
        // be answered by kafka-clients' getErrorResponse, which fails on a partition whose records are null.)
        RuntimeException badAcks = acks == -1 || acks == 0 || acks == 1
                ? null
                : new InvalidRequiredAcksException("acks must be -1 (all), 0 or 1, was " + acks);
        short version = context.apiVersion();
        boolean byId = version >= 13;
        List<Slot> slots = new ArrayList<>();
        ProduceResponseData response = new ProduceResponseData().setThrottleTimeMs(0);
        for (ProduceRequestData.TopicProduceData topicData : data.topicData()) {
            Topic topic = byId ? topics.topic(topicData.topicId()) : topics.topic(topicData.name());
            TopicProduceResponse topicResponse = new TopicProduceResponse();
            if (byId) topicResponse.setTopicId(topicData.topicId());
            else topicResponse.setName(topicData.name());
            for (ProduceRequestData.PartitionProduceData partitionData : topicData.partitionData()) {
                PartitionProduceResponse partitionResponse =
                        new PartitionProduceResponse().setIndex(partitionData.index());
                topicResponse.partitionResponses().add(partitionResponse);
                Errors missing = byId ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION;
                Partition partition = topic == null ? null : topic.partition(partitionData.index());
                if (badAcks != null) {
                    slots.add(failed(partitionResponse, KafkaErrors.of(badAcks), badAcks.getMessage()));
                } else if (partition == null) {
                    slots.add(failed(partitionResponse, missing, null));
                } else if (topic.isInternal()) {
                    // As Kafka: only the broker writes its internal topics.
                    slots.add(failed(
                            partitionResponse,
                            Errors.INVALID_TOPIC_EXCEPTION,
                            "cannot produce to internal topic " + topic.name() + "; it belongs to the broker"));
                } else {
                    slots.add(append(partition, partitionData, partitionResponse, version));
                }
            }
            response.responses().add(topicResponse);
        }
        if (acks == 0) {
            for (Slot slot : slots) {
                if (slot.response.errorCode() != Errors.NONE.code()) {
                    throw Errors.forCode(slot.response.errorCode()).exception(slot.response.errorMessage());
                }
            }
            return CompletableFuture.completedFuture(null);
        }
        if (acks == 1) return CompletableFuture.completedFuture(new ProduceResponse(response));
        return whenDurable(slots, data.timeoutMs(), deadlines).thenApply(done -> new ProduceResponse(response));
    }

    private static Slot append(
            Partition partition,
            ProduceRequestData.PartitionProduceData data,
            PartitionProduceResponse response,
            short version) {
        try {
            if (!(data.records() instanceof MemoryRecords records)) {
                // null on the wire (the field is nullable); Kafka's validation lets it through to the append
                throw new InvalidRecordException(
                        "partition " + data.index() + " of the produce request has no records");
            }
            ProduceRequest.validateRecords(version, records);
            AppendOutcome outcome = partition.append(records.buffer());
            response.setErrorCode(Errors.NONE.code())
                    .setBaseOffset(outcome.baseOffset())
                    .setLogAppendTimeMs(outcome.logAppendTimeMs())
                    .setLogStartOffset(outcome.logStartOffset());
            return new Slot(response, outcome);
        } catch (RuntimeException e) {
            return failed(response, KafkaErrors.of(e), KafkaErrors.message(e));
        }
    }

    private static Slot failed(PartitionProduceResponse response, Errors error, String message) {
        response.setErrorCode(error.code())
                .setErrorMessage(message)
                .setBaseOffset(-1)
                .setLogAppendTimeMs(RecordBatch.NO_TIMESTAMP)
                .setLogStartOffset(-1);
        return new Slot(response, null);
    }

    /**
     * Completes when every append is durable or {@code timeoutMs} has passed, after marking the failed and the late
     * partitions. Nothing waits meanwhile: the connection goes on with its next request.
     */
    static CompletableFuture<Void> whenDurable(List<Slot> slots, int timeoutMs, RequestDeadlines deadlines) {
        List<CompletableFuture<Void>> durable = new ArrayList<>(slots.size());
        for (Slot slot : slots) {
            if (slot.outcome != null) durable.add(slot.outcome.durable());
        }
        // a future of our own: the deadline must not complete the appends' own futures
        CompletableFuture<Void> all = CompletableFuture.allOf(durable.toArray(CompletableFuture<?>[]::new));
        return deadlines.failAfter(all, timeoutMs).handle((ok, failure) -> {
            for (Slot slot : slots) {
                if (slot.outcome != null) markUnlessDurable(slot, timeoutMs);
            }
            return null;
        });
    }

    private static void markUnlessDurable(Slot slot, int timeoutMs) {
        CompletableFuture<Void> durable = slot.outcome.durable();
        if (!durable.isDone()) {
            failed(
                    slot.response,
                    Errors.REQUEST_TIMED_OUT,
                    "the batch was written but not yet on disk after " + timeoutMs
                            + " ms (request.timeout.ms); the producer will retry it");
        } else if (durable.isCompletedExceptionally()) {
            Throwable failure = durable.exceptionNow();
            failed(slot.response, KafkaErrors.of(failure), KafkaErrors.message(failure));
        }
    }
}
