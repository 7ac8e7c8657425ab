package io.herald.broker.producer;

import java.nio.ByteBuffer;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * What the idempotence check needs of one produced v2 record batch, read from its header.
 *
 * @param producerId the producer id, or -1 when the producer is not idempotent
 * @param producerEpoch the producer epoch
 * @param baseSequence the sequence of the batch's first record
 * @param lastSequence the sequence of its last record: {@code baseSequence + lastOffsetDelta}, wrapping from {@link
 *     Integer#MAX_VALUE} to 0 as the producer's sequences do
 * @param recordCount the number of records in the batch
 */
public record ProducerBatch(long producerId, short producerEpoch, int baseSequence, int lastSequence, int recordCount) {

    // Byte offsets in the v2 batch header (DefaultRecordBatch's layout).
    private static final int ATTRIBUTES_OFFSET = 21;
    private static final int LAST_OFFSET_DELTA_OFFSET = 23;
    private static final int PRODUCER_ID_OFFSET = 43;
    private static final int PRODUCER_EPOCH_OFFSET = 51;
    private static final int BASE_SEQUENCE_OFFSET = 53;
    private static final int RECORDS_COUNT_OFFSET = 57;
    private static final int HEADER_BYTES = 61;
    private static final int MAGIC_OFFSET = 16;
    private static final short TRANSACTIONAL_FLAG = 0x10;

    /** Whether the batch came from an idempotent producer and is therefore checked and tracked. */
    public boolean idempotent() {
        return producerId >= 0;
    }

    /**
     * Reads the batch starting at {@code batch.position()}; the buffer's position and limit are left as they were.
     *
     * @throws IllegalArgumentException when fewer than the 61 header bytes remain or the batch is not magic 2
     */
    public static ProducerBatch fromHeader(ByteBuffer batch) {
        int at = checkedStart(batch);
        int baseSequence = batch.getInt(at + BASE_SEQUENCE_OFFSET);
        int lastOffsetDelta = batch.getInt(at + LAST_OFFSET_DELTA_OFFSET);
        return new ProducerBatch(
                batch.getLong(at + PRODUCER_ID_OFFSET),
                batch.getShort(at + PRODUCER_EPOCH_OFFSET),
                baseSequence,
                baseSequence == RecordBatch.NO_SEQUENCE
                        ? RecordBatch.NO_SEQUENCE
                        : DefaultRecordBatch.incrementSequence(baseSequence, lastOffsetDelta),
                batch.getInt(at + RECORDS_COUNT_OFFSET));
    }

    /**
     * Whether the batch starting at {@code batch.position()} has the transactional attribute (0x10) set. Herald keeps no
     * transaction state, so the produce path decides what to answer such a batch.
     */
    public static boolean isTransactional(ByteBuffer batch) {
        int at = checkedStart(batch);
        return (batch.getShort(at + ATTRIBUTES_OFFSET) & TRANSACTIONAL_FLAG) != 0;
    }

    private static int checkedStart(ByteBuffer batch) {
        if (batch.remaining() < HEADER_BYTES) {
            throw new IllegalArgumentException("a v2 record batch header is " + HEADER_BYTES + " bytes, only "
                    + batch.remaining() + " remain; pass a buffer positioned at a whole batch");
        }
        byte magic = batch.get(batch.position() + MAGIC_OFFSET);
        if (magic != RecordBatch.MAGIC_VALUE_V2) {
            throw new IllegalArgumentException(
                    "record batch has magic " + magic + "; only magic 2 batches carry producer ids and sequences");
        }
        return batch.position();
    }
}
