package io.herald.broker.partition;

import io.herald.broker.producer.ActiveProducer;
import io.herald.broker.producer.ProducerBatch;
import io.herald.broker.producer.ProducerStateLoader;
import io.herald.broker.producer.ProducerStateTable;
import io.herald.broker.producer.SequenceCheck;
import io.herald.broker.schema.SchemaIdValidator;
import io.herald.broker.schema.SchemaValidationConfig;
import io.herald.broker.topic.TopicConfig;
import io.herald.log.AppendResult;
import io.herald.log.LogReadResult;
import io.herald.log.PartitionLog;
import io.herald.log.StorageException;
import io.herald.log.TimestampOffset;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One partition of a topic on this broker, its leader: the partition log plus what the Kafka protocol adds on top of
 * it: the produce-time checks that need the topic's config, the idempotent producers' sequence checks ({@link
 * ProducerStateTable}), and the leader epoch stamped into batches.
 *
 * <p>Herald is a single node, so it leads every partition with leader epoch {@link #LEADER_EPOCH} forever; Metadata
 * and every stored batch say so.
 *
 * <p>Thread-safety: {@code appendLock} serialises appends and guards the producer state, so that the sequence check,
 * the append and the recording of one batch are atomic with respect to the next one. A producer state snapshot is
 * written under it at each roll and at close (an fsync, rare). Reads take no lock (the log's reads are lock-free). The config is a volatile reference
 * swapped by AlterConfigs.
 */
public final class Partition implements AutoCloseable {
    /** The leader epoch of every partition: one node, one leader, never an election. */
    public static final int LEADER_EPOCH = 0;

    private static final Logger LOG = LoggerFactory.getLogger(Partition.class);

    private static final int PARTITION_LEADER_EPOCH_OFFSET = 12;

    /** How often idle producers are looked for, Kafka's {@code producer.id.expiration.check.interval.ms}. */
    private static final long PRODUCER_EXPIRY_CHECK_INTERVAL_MS = 600_000;

    private final TopicPartition topicPartition;
    private final PartitionLog log;
    private final AppendSignal signal;
    private final Clock clock;
    private final SchemaIdValidator schemaIds;
    private final ReentrantLock appendLock = new ReentrantLock();
    private volatile TopicConfig config;
    // derived from config when it is set, not per produced batch
    private volatile SchemaValidationConfig schemaValidation;
    // guarded by appendLock
    private final ProducerStateTable producers;
    private long lastExpiryCheckMs;
    private long seenLogStartOffset;
    private long seenActiveSegment;

    private Partition(
            TopicPartition topicPartition,
            PartitionLog log,
            ProducerStateTable producers,
            TopicConfig config,
            SchemaIdValidator schemaIds,
            AppendSignal signal,
            Clock clock) {
        this.topicPartition = topicPartition;
        this.schemaIds = schemaIds;
        this.log = log;
        this.producers = producers;
        this.config = config;
        this.schemaValidation = SchemaValidationConfig.of(config);
        this.signal = signal;
        this.clock = clock;
        this.lastExpiryCheckMs = clock.millis();
        this.seenLogStartOffset = log.logStartOffset();
        this.seenActiveSegment = log.activeSegmentBaseOffset();
    }

    /**
     * Opens the partition over an open log: rebuilds its producer state from the newest snapshot and the log after it.
     */
    public static Partition open(
            TopicPartition topicPartition,
            PartitionLog log,
            TopicConfig config,
            long producerIdExpirationMs,
            SchemaIdValidator schemaIds,
            AppendSignal signal,
            Clock clock) {
        ProducerStateTable producers;
        try {
            producers = ProducerStateLoader.load(log.dir(), log, producerIdExpirationMs, clock);
        } catch (IOException e) {
            log.close();
            throw new StorageException(
                    "cannot load the producer state of " + topicPartition + " in " + log.dir() + ": " + e, e);
        }
        return new Partition(topicPartition, log, producers, config, schemaIds, signal, clock);
    }

    /**
     * Checks and appends one produced batch, {@code batch} holding exactly that batch; the buffer is changed in place
     * (offsets, leader epoch). Wait on the outcome's {@code durable} future before acknowledging with {@code acks=all}.
     * Throws a kafka-clients {@code ApiException} or a {@code LogException} for a batch that is refused.
     */
    public AppendOutcome append(ByteBuffer batch) {
        MutableRecordBatch parsed = onlyBatch(batch);
        long now = clock.millis();
        ProducedBatchValidator.validate(
                batch, parsed, topicPartition.topic(), config, schemaValidation, schemaIds, now);
        ProducerBatch producerBatch = ProducerBatch.fromHeader(batch);
        batch.putInt(batch.position() + PARTITION_LEADER_EPOCH_OFFSET, LEADER_EPOCH);
        AppendResult result;
        appendLock.lock();
        try {
            housekeeping(now);
            switch (producers.check(producerBatch)) {
                case SequenceCheck.Reject reject -> throw reject.error().exception(reject.message());
                case SequenceCheck.Duplicate d -> {
                    return new AppendOutcome(
                            d.baseOffset(), logAppendTime(d.logAppendTimeMs()), log.logStartOffset(), durableUpTo(d));
                }
                case SequenceCheck.Accept accept -> {}
            }
            result = log.append(batch);
            long timestamp = result.logAppendTimeMs() >= 0 ? result.logAppendTimeMs() : parsed.maxTimestamp();
            producers.onAppended(producerBatch, result.baseOffset(), result.lastOffset(), timestamp);
            if (log.activeSegmentBaseOffset() != seenActiveSegment) snapshotProducers();
        } finally {
            appendLock.unlock();
        }
        CompletableFuture<Void> durable = result.durable();
        if (durable.isDone()) {
            signal.onDataReadable(this);
        } else {
            durable.whenComplete((ok, failure) -> signal.onDataReadable(this));
        }
        return new AppendOutcome(result.baseOffset(), result.logAppendTimeMs(), log.logStartOffset(), durable);
    }

    /** Drops idle producers now and then, and producers whose batches retention or DeleteRecords removed. */
    private void housekeeping(long now) {
        if (now - lastExpiryCheckMs >= PRODUCER_EXPIRY_CHECK_INTERVAL_MS) {
            producers.expire(now);
            lastExpiryCheckMs = now;
        }
        long start = log.logStartOffset();
        if (start != seenLogStartOffset) {
            producers.onLogStartOffsetMoved(start);
            seenLogStartOffset = start;
        }
    }

    /** A snapshot at every roll, as Kafka takes one, so a restart replays at most about one segment. */
    private void snapshotProducers() {
        seenActiveSegment = log.activeSegmentBaseOffset();
        try {
            producers.writeSnapshot(log.dir(), log.logEndOffset());
        } catch (IOException e) {
            // Not fatal: the next start replays from an older snapshot, or from the log start.
            LOG.warn("cannot write the producer state snapshot of {}: {}", topicPartition, e.toString());
        }
    }

    private long logAppendTime(long recordedTimestamp) {
        return config.logConfig().logAppendTime() ? recordedTimestamp : -1;
    }

    /**
     * A retried batch is answered only once the original is durable: its first answer may still be waiting for the
     * fsync, and the retry must not acknowledge what a crash could take back.
     */
    private CompletableFuture<Void> durableUpTo(SequenceCheck.Duplicate duplicate) {
        if (log.highWatermark() > duplicate.lastOffset()) return CompletableFuture.completedFuture(null);
        CompletableFuture<Void> durable = new CompletableFuture<>();
        Thread.ofVirtual().name("herald-duplicate-flush-" + topicPartition).start(() -> {
            try {
                log.flush();
                durable.complete(null);
            } catch (RuntimeException e) {
                durable.completeExceptionally(e);
            }
        });
        return durable;
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

    /** The producers with state here, for DescribeProducers. */
    public List<ActiveProducer> activeProducers() {
        return producers.activeProducers();
    }

    /** DeleteRecords: moves the log start offset to {@code offset}; returns the new log start offset. */
    public long deleteRecordsBefore(long offset) {
        return log.deleteRecordsBefore(offset);
    }

    public void updateConfig(TopicConfig newConfig) {
        this.config = newConfig;
        this.schemaValidation = SchemaValidationConfig.of(newConfig);
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

    /** Snapshots the producer state at the log end offset, so the next start replays nothing, then closes the log. */
    @Override
    public void close() {
        appendLock.lock();
        try {
            producers.writeSnapshot(log.dir(), log.logEndOffset());
        } catch (IOException e) {
            LOG.warn("cannot write the producer state snapshot of {} at close: {}", topicPartition, e.toString());
        } finally {
            appendLock.unlock();
        }
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
