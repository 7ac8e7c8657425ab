package io.herald.broker.producer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.protocol.Errors;

/**
 * The idempotent-producer state of one partition: per producer id, its epoch and its last {@value
 * #NUM_BATCHES_TO_RETAIN} batches, as Kafka's {@code ProducerStateManager} keeps them. The produce path asks {@link
 * #check} before appending a batch and calls {@link #onAppended} after, so a retried batch is answered with its
 * original offsets instead of being written twice, and a batch out of sequence or from a fenced epoch is refused.
 *
 * <p><b>Rules</b> (Kafka's {@code ProducerAppendInfo}), in this order:
 *
 * <ol>
 *   <li>producer id -1: not idempotent, always accepted, nothing tracked;
 *   <li>no state for the producer (new, expired, or its data deleted): any sequence is accepted, since Kafka 4 never
 *       answers UNKNOWN_PRODUCER_ID;
 *   <li>same epoch and the same first and last sequence as one of the cached batches: a duplicate;
 *   <li>epoch below the current one: INVALID_PRODUCER_EPOCH;
 *   <li>epoch above the current one: the base sequence must be 0;
 *   <li>same epoch: the base sequence must follow the last one ({@link Integer#MAX_VALUE} is followed by 0);
 * </ol>
 *
 * and a break of rules 5 or 6 is OUT_OF_ORDER_SEQUENCE_NUMBER.
 *
 * <p><b>Durability.</b> The table lives in memory; {@link #writeSnapshot} and {@link ProducerStateLoader} carry it
 * across restarts. A snapshot keeps only each producer's last batch (Kafka's format), so after a restart a retry is
 * recognised as a duplicate only if it is the producer's last batch, or one replayed from the log after the snapshot.
 *
 * <p><b>Thread-safety.</b> Owned by its partition: {@link #check}, {@link #onAppended}, {@link #expire}, {@link
 * #onLogStartOffsetMoved} and {@link #writeSnapshot} are called under the partition's append lock, so a check and the
 * append that follows it see no other change. {@link #activeProducers} may be called from any thread: the map is
 * concurrent and each producer's state an immutable record, so it sees each producer before or after an append,
 * never half-way.
 */
public final class ProducerStateTable {
    /** Batches remembered per producer: the Java producer's limit of in-flight requests per connection. */
    public static final int NUM_BATCHES_TO_RETAIN = 5;

    private final long producerIdExpirationMs;
    private final Map<Long, ProducerState> producers = new ConcurrentHashMap<>();

    /** @param producerIdExpirationMs {@code producer.id.expiration.ms}: idle producers' state is dropped after this */
    public ProducerStateTable(long producerIdExpirationMs) {
        if (producerIdExpirationMs <= 0) {
            throw new IllegalArgumentException("producer.id.expiration.ms must be > 0, was " + producerIdExpirationMs
                    + "; the default is 86400000");
        }
        this.producerIdExpirationMs = producerIdExpirationMs;
    }

    /** Decides whether {@code batch} may be appended. Changes nothing. */
    public SequenceCheck check(ProducerBatch batch) {
        if (!batch.idempotent()) return SequenceCheck.ACCEPT;
        ProducerState state = producers.get(batch.producerId());
        if (state == null) return SequenceCheck.ACCEPT;
        Optional<AppendedBatch> duplicate = state.findDuplicate(batch);
        if (duplicate.isPresent()) {
            AppendedBatch original = duplicate.get();
            return new SequenceCheck.Duplicate(original.baseOffset(), original.lastOffset(), original.timestampMs());
        }
        if (batch.producerEpoch() < state.epoch()) {
            return new SequenceCheck.Reject(
                    Errors.INVALID_PRODUCER_EPOCH,
                    "producer " + batch.producerId() + " sent epoch " + batch.producerEpoch()
                            + ", older than its current epoch " + state.epoch()
                            + " on this partition: a newer producer instance fenced it; start a new producer");
        }
        int expected = batch.producerEpoch() > state.epoch() ? 0 : nextSequence(state.lastSequence());
        if (batch.baseSequence() != expected) {
            return new SequenceCheck.Reject(
                    Errors.OUT_OF_ORDER_SEQUENCE_NUMBER,
                    "producer " + batch.producerId() + " epoch " + batch.producerEpoch() + " sent base sequence "
                            + batch.baseSequence() + ", expected " + expected
                            + (batch.producerEpoch() > state.epoch()
                                    ? " (the first batch of a new epoch, current epoch " + state.epoch() + ")"
                                    : " (last appended sequence " + state.lastSequence() + ")"));
        }
        return SequenceCheck.ACCEPT;
    }

    /**
     * Records {@code batch}, just appended at {@code baseOffset..lastOffset}. Also replays batches read from the log on
     * load, so it applies no rule: a batch of another epoch replaces the producer's batches, as in Kafka.
     *
     * @param timestampMs the batch's max timestamp as stored (under {@code LogAppendTime}, the append time): expiry
     *     counts from it, and a replay from the log reads the same value
     */
    public void onAppended(ProducerBatch batch, long baseOffset, long lastOffset, long timestampMs) {
        if (!batch.idempotent()) return;
        AppendedBatch appended =
                new AppendedBatch(batch.baseSequence(), batch.lastSequence(), baseOffset, lastOffset, timestampMs);
        producers.compute(
                batch.producerId(),
                (id, state) -> state == null
                        ? ProducerState.first(id, batch.producerEpoch(), appended)
                        : state.withAppended(batch.producerEpoch(), appended));
    }

    /**
     * Drops producers whose last batch's timestamp is {@code producer.id.expiration.ms} or more before {@code nowMs}
     * (Kafka's test, which counts from the batch timestamp, not from the arrival time).
     */
    public void expire(long nowMs) {
        producers.values().removeIf(state -> nowMs - state.lastTimestampMs() >= producerIdExpirationMs);
    }

    /**
     * Drops producers whose last batch lies wholly below {@code logStartOffset}: retention or DeleteRecords removed it,
     * so a retry can no longer be answered and the producer starts over as unknown.
     */
    public void onLogStartOffsetMoved(long logStartOffset) {
        producers.values().removeIf(state -> state.lastBatch().lastOffset() < logStartOffset);
    }

    /** Every producer with state here, by producer id, for DescribeProducers. Safe from any thread. */
    public List<ActiveProducer> activeProducers() {
        return producers.values().stream()
                .map(ProducerState::toActiveProducer)
                .sorted(Comparator.comparingLong(ActiveProducer::producerId))
                .toList();
    }

    /**
     * Writes the state as {@code <offset>.snapshot} in {@code partitionDir} and keeps only the two newest snapshots.
     * Call it under the append lock with {@code offset} = the log end offset, so that the snapshot covers exactly the
     * batches below {@code offset} (the loader replays from there); Kafka takes one at segment roll and clean close.
     */
    public void writeSnapshot(Path partitionDir, long offset) throws IOException {
        List<ProducerState> states = producers.values().stream()
                .sorted(Comparator.comparingLong(ProducerState::producerId))
                .toList();
        ProducerSnapshotFile.write(partitionDir, offset, states);
        ProducerSnapshotFile.retainNewest(partitionDir, 2);
    }

    /** For the loader: puts the state read from a snapshot. */
    void load(ProducerState state) {
        producers.put(state.producerId(), state);
    }

    /** The state of {@code producerId}, for tests and the loader. */
    Optional<ProducerState> state(long producerId) {
        return Optional.ofNullable(producers.get(producerId));
    }

    private static int nextSequence(int sequence) {
        return sequence == Integer.MAX_VALUE ? 0 : sequence + 1;
    }
}
