package io.herald.broker.producer;

import static io.herald.broker.producer.Batches.batch;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

class ProducerStateTableTest {
    private static final long PID = 42;
    private static final long EXPIRATION_MS = 60_000;

    private final ProducerStateTable table = new ProducerStateTable(EXPIRATION_MS);
    private long nextOffset = 0;

    /** Checks, asserts acceptance, and appends {@code batch} at the next offsets with {@code timestampMs}. */
    private void append(ProducerBatch batch, long timestampMs) {
        assertThat(table.check(batch)).isEqualTo(SequenceCheck.ACCEPT);
        table.onAppended(batch, nextOffset, nextOffset + batch.recordCount() - 1, timestampMs);
        nextOffset += batch.recordCount();
    }

    private void append(ProducerBatch batch) {
        append(batch, 1000);
    }

    /** Appends six batches of 2 records for PID epoch 0, sequences 0..11, at offsets 0..11; returns them. */
    private List<ProducerBatch> appendSixBatches() {
        List<ProducerBatch> batches = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ProducerBatch b = batch(PID, 0, i * 2, 2);
            append(b, 1000 + i);
            batches.add(b);
        }
        return batches;
    }

    private static Errors errorOf(SequenceCheck check) {
        assertThat(check).isInstanceOf(SequenceCheck.Reject.class);
        return ((SequenceCheck.Reject) check).error();
    }

    @Test
    void nonIdempotentBatchIsAcceptedAndNotTracked() {
        ProducerBatch plain = new ProducerBatch(-1, (short) -1, -1, -1, 3);

        append(plain);

        assertThat(table.check(plain)).isEqualTo(SequenceCheck.ACCEPT);
        assertThat(table.activeProducers()).isEmpty();
    }

    @Test
    void unknownProducerIsAcceptedAtAnySequence() {
        assertThat(table.check(batch(PID, 3, 12345, 4))).isEqualTo(SequenceCheck.ACCEPT);
    }

    @Test
    void nextSequenceInOrderIsAccepted() {
        append(batch(PID, 0, 0, 3));

        assertThat(table.check(batch(PID, 0, 3, 1))).isEqualTo(SequenceCheck.ACCEPT);
    }

    @Test
    void eachOfTheLastFiveBatchesIsADuplicateWithItsOriginalOffsets() {
        List<ProducerBatch> batches = appendSixBatches();

        for (int i = 1; i < 6; i++) {
            assertThat(table.check(batches.get(i)))
                    .as("retry of batch %d", i)
                    .isEqualTo(new SequenceCheck.Duplicate(i * 2L, i * 2L + 1, 1000 + i));
        }
    }

    @Test
    void sixthNewestBatchIsNoLongerADuplicateButOutOfOrder() {
        List<ProducerBatch> batches = appendSixBatches();

        SequenceCheck check = table.check(batches.getFirst());

        assertThat(errorOf(check)).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER);
    }

    @Test
    void retryWithSameBaseButDifferentLastSequenceIsNotADuplicate() {
        append(batch(PID, 0, 0, 3));

        assertThat(errorOf(table.check(batch(PID, 0, 0, 2)))).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER);
    }

    @Test
    void sequenceGapIsOutOfOrderAndTheMessageNamesProducerEpochAndSequences() {
        append(batch(PID, 2, 0, 3));

        SequenceCheck check = table.check(batch(PID, 2, 5, 1));

        assertThat(check)
                .isEqualTo(new SequenceCheck.Reject(
                        Errors.OUT_OF_ORDER_SEQUENCE_NUMBER,
                        "producer 42 epoch 2 sent base sequence 5, expected 3 (last appended sequence 2)"));
    }

    @Test
    void olderEpochIsFenced() {
        append(batch(PID, 5, 0, 1));

        SequenceCheck check = table.check(batch(PID, 4, 1, 1));

        assertThat(errorOf(check)).isEqualTo(Errors.INVALID_PRODUCER_EPOCH);
        assertThat(((SequenceCheck.Reject) check).message()).contains("producer 42", "epoch 4", "current epoch 5");
    }

    @Test
    void olderEpochRetryOfAnOldBatchIsFencedNotDuplicate() {
        ProducerBatch old = batch(PID, 0, 0, 1);
        append(old);
        append(batch(PID, 1, 0, 1));

        assertThat(errorOf(table.check(old))).isEqualTo(Errors.INVALID_PRODUCER_EPOCH);
    }

    @Test
    void newerEpochStartingAtSequenceZeroIsAccepted() {
        append(batch(PID, 0, 0, 10));

        assertThat(table.check(batch(PID, 1, 0, 1))).isEqualTo(SequenceCheck.ACCEPT);
    }

    @Test
    void newerEpochNotStartingAtZeroIsOutOfOrder() {
        append(batch(PID, 0, 0, 10));

        SequenceCheck check = table.check(batch(PID, 1, 10, 1));

        assertThat(check)
                .isEqualTo(new SequenceCheck.Reject(
                        Errors.OUT_OF_ORDER_SEQUENCE_NUMBER,
                        "producer 42 epoch 1 sent base sequence 10, expected 0"
                                + " (the first batch of a new epoch, current epoch 0)"));
    }

    @Test
    void epochBumpForgetsTheOldEpochsBatches() {
        ProducerBatch oldEpochBatch = batch(PID, 0, 0, 1);
        append(oldEpochBatch);
        append(batch(PID, 1, 0, 1));

        assertThat(table.state(PID).orElseThrow().batches()).hasSize(1);
        assertThat(table.check(batch(PID, 1, 0, 1))).isInstanceOf(SequenceCheck.Duplicate.class);
    }

    @Test
    void sequenceWrapsFromMaxValueToZero() {
        append(batch(PID, 0, Integer.MAX_VALUE - 1, 2));

        assertThat(table.check(batch(PID, 0, 0, 1))).isEqualTo(SequenceCheck.ACCEPT);
    }

    @Test
    void batchThatWrapsAroundMaxValueIsFollowedByItsWrappedLastSequence() {
        ProducerBatch wrapping = batch(PID, 0, Integer.MAX_VALUE - 1, 4);
        append(wrapping);

        assertThat(wrapping.lastSequence()).isEqualTo(1);
        assertThat(table.check(batch(PID, 0, 2, 1))).isEqualTo(SequenceCheck.ACCEPT);
        assertThat(table.check(wrapping)).isInstanceOf(SequenceCheck.Duplicate.class);
    }

    @Test
    void producersIdleForTheExpirationTimeAreDropped() {
        append(batch(PID, 0, 0, 1), 1000);
        append(batch(PID + 1, 0, 0, 1), 2000);

        table.expire(1000 + EXPIRATION_MS);

        assertThat(table.activeProducers())
                .extracting(ActiveProducer::producerId)
                .containsExactly(PID + 1);
    }

    @Test
    void expiredProducerIsAcceptedAtAnySequence() {
        append(batch(PID, 0, 0, 1), 1000);
        table.expire(1000 + EXPIRATION_MS);

        assertThat(table.check(batch(PID, 0, 77, 1))).isEqualTo(SequenceCheck.ACCEPT);
    }

    @Test
    void producersWhoseLastBatchIsBelowTheLogStartOffsetAreDropped() {
        append(batch(PID, 0, 0, 3)); // offsets 0..2
        append(batch(PID + 1, 0, 0, 3)); // offsets 3..5

        table.onLogStartOffsetMoved(5);

        assertThat(table.activeProducers())
                .extracting(ActiveProducer::producerId)
                .containsExactly(PID + 1);
    }

    @Test
    void producerWhoseLastBatchEndsAtTheLogStartOffsetIsKept() {
        append(batch(PID, 0, 0, 3)); // offsets 0..2

        table.onLogStartOffsetMoved(2);

        assertThat(table.activeProducers()).hasSize(1);
    }

    @Test
    void activeProducersDescribeEachProducersLastBatch() {
        append(batch(PID + 1, 0, 0, 1), 500);
        append(batch(PID, 3, 0, 4), 700);
        append(batch(PID, 3, 4, 2), 900);

        assertThat(table.activeProducers())
                .containsExactly(
                        new ActiveProducer(PID, (short) 3, 5, 900, -1, -1),
                        new ActiveProducer(PID + 1, (short) 0, 0, 500, -1, -1));
    }
}
