package io.herald.broker.producer;

import org.apache.kafka.common.record.internal.DefaultRecordBatch;

/** Builds {@link ProducerBatch} headers for tests. */
final class Batches {
    private Batches() {}

    static ProducerBatch batch(long producerId, int epoch, int baseSequence, int recordCount) {
        return new ProducerBatch(
                producerId,
                (short) epoch,
                baseSequence,
                DefaultRecordBatch.incrementSequence(baseSequence, recordCount - 1),
                recordCount);
    }
}
