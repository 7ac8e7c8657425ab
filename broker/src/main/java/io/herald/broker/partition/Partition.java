package io.herald.broker.partition;

import io.herald.broker.topic.TopicConfig;
import io.herald.log.AppendResult;
import io.herald.log.LogReadResult;
import io.herald.log.PartitionLog;
import io.herald.log.TimestampOffset;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;

/**
 * One partition of a topic on this broker, its leader: the partition log plus what the Kafka protocol adds on top of
 * it, the produce-time checks that need the topic's config and the leader epoch stamped into batches.
 *
 * <p>Herald is a single node, so it leads every partition with leader epoch {@link #LEADER_EPOCH} forever; Metadata
 * and every stored batch say so.
 *
 * <p>Thread-safety: {@code appendLock} serialises appends, so that the checks and the append of one batch are atomic
 * with respect to the next one. Reads take no lock (the log's reads are lock-free). The config is a volatile reference
 * swapped by AlterConfigs.
 */
public final class Partition implements AutoCloseable {
    /** The leader epoch of every partition: one node, one leader, never an election. */
    public static final int LEADER_EPOCH = 0;

    private static final int PARTITION_LEADER_EPOCH_OFFSET = 12;

    private final TopicPartition topicPartition;
    private final PartitionLog log;
    private final AppendSignal signal;
    private final Clock clock;
    private final ReentrantLock appendLock = new ReentrantLock();
    private volatile TopicConfig config;

    public Partition(
            TopicPartition topicPartition, PartitionLog log, TopicConfig config, AppendSignal signal, Clock clock) {
        this.topicPartition = topicPartition;
        this.log = log;
        this.config = config;
        this.signal = signal;
        this.clock = clock;
    }

    /**
     * Checks and appends one produced batch, {@code batch} holding exactly that batch; the buffer is changed in place
     * (offsets, leader epoch). Wait on the outcome's {@code durable} future before acknowledging with {@code acks=all}.
     * Throws a kafka-clients {@code ApiException} or a {@code LogException} for a batch that is refused.
     */
    public AppendOutcome append(ByteBuffer batch) {
        MutableRecordBatch parsed = onlyBatch(batch);
        ProducedBatchValidator.validate(parsed, config, clock.millis());
        batch.putInt(batch.position() + PARTITION_LEADER_EPOCH_OFFSET, LEADER_EPOCH);
        AppendResult result;
        appendLock.lock();
        try {
            result = log.append(batch);
        } finally {
            appendLock.unlock();
        }
        CompletableFuture<Void> durable = result.durable();
        if (durable.isDone()) {
            signal.onDataReadable();
        } else {
            durable.whenComplete((ok, failure) -> signal.onDataReadable());
        }
        return new AppendOutcome(result.baseOffset(), result.logAppendTimeMs(), log.logStartOffset(), durable);
    }

    private static MutableRecordBatch onlyBatch(ByteBuffer batch) {
        var batches = MemoryRecords.readableRecords(batch.duplicate()).batches().iterator();
        if (!batches.hasNext()) throw new InvalidRecordException("the produce request holds no record batch");
        return batches.next();
    }

    /** Whole batches from the one holding {@code offset}, up to {@code maxBytes} (at least one batch). */
    public LogReadResult read(long offset, int maxBytes) {
        return log.read(offset, maxBytes);
    }

    public Optional<TimestampOffset> offsetForTimestamp(long timestamp) {
        return log.offsetForTimestamp(timestamp);
    }

    /** DeleteRecords: moves the log start offset to {@code offset}; returns the new log start offset. */
    public long deleteRecordsBefore(long offset) {
        return log.deleteRecordsBefore(offset);
    }

    public void updateConfig(TopicConfig newConfig) {
        this.config = newConfig;
        log.updateConfig(newConfig.logConfig());
    }

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    public TopicConfig config() {
        return config;
    }

    public PartitionLog log() {
        return log;
    }

    public long logStartOffset() {
        return log.logStartOffset();
    }

    public long logEndOffset() {
        return log.logEndOffset();
    }

    public long highWatermark() {
        return log.highWatermark();
    }

    @Override
    public void close() {
        log.close();
    }

    @Override
    public String toString() {
        return topicPartition.toString();
    }

    /**
     * Where a produced batch went.
     *
     * @param logAppendTimeMs the broker's timestamp for a LogAppendTime topic, or -1
     * @param durable completes when the batch is on disk under the topic's flush policy
     */
    public record AppendOutcome(
            long baseOffset, long logAppendTimeMs, long logStartOffset, CompletableFuture<Void> durable) {}
}
