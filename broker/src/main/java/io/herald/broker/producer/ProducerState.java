package io.herald.broker.producer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The state of one producer on one partition: its epoch and its last batches of that epoch, oldest first. Immutable,
 * so a reader on another thread always sees a consistent value.
 *
 * @param batches between 1 and {@link ProducerStateTable#NUM_BATCHES_TO_RETAIN} batches, all of {@code epoch}
 */
record ProducerState(long producerId, short epoch, List<AppendedBatch> batches, long lastTimestampMs) {

    ProducerState {
        batches = List.copyOf(batches);
        if (batches.isEmpty()) throw new IllegalArgumentException("producer " + producerId + " has no batch");
    }

    static ProducerState first(long producerId, short epoch, AppendedBatch batch) {
        return new ProducerState(producerId, epoch, List.of(batch), batch.timestampMs());
    }

    /** This state after {@code batch} of {@code batchEpoch} was appended; a new epoch forgets the old one's batches. */
    ProducerState withAppended(short batchEpoch, AppendedBatch batch) {
        if (batchEpoch != epoch) return first(producerId, batchEpoch, batch);
        List<AppendedBatch> kept = new ArrayList<>(batches);
        if (kept.size() == ProducerStateTable.NUM_BATCHES_TO_RETAIN) kept.removeFirst();
        kept.add(batch);
        return new ProducerState(producerId, epoch, kept, batch.timestampMs());
    }

    AppendedBatch lastBatch() {
        return batches.getLast();
    }

    int lastSequence() {
        return lastBatch().lastSequence();
    }

    Optional<AppendedBatch> findDuplicate(ProducerBatch batch) {
        if (batch.producerEpoch() != epoch) return Optional.empty();
        return batches.stream()
                .filter(b -> b.hasSequences(batch.baseSequence(), batch.lastSequence()))
                .findFirst();
    }

    ActiveProducer toActiveProducer() {
        return new ActiveProducer(producerId, epoch, lastSequence(), lastTimestampMs, -1, -1L);
    }
}
