package io.herald.log.internal;

import io.herald.log.CorruptBatchException;
import io.herald.log.InvalidBatchException;
import io.herald.log.RecordTooLargeException;
import java.nio.ByteBuffer;

/**
 * The checks a batch from a producer must pass before it is appended: exactly one whole v2 batch, intact CRC32C, a
 * record count that matches its offset delta, and a size within {@code max.message.bytes}. Stateless.
 */
public final class BatchValidator {
    private BatchValidator() {}

    /** Validates the single batch filling {@code batch} from its position to its limit. */
    public static void validateProduced(ByteBuffer batch, int maxMessageBytes) {
        int start = batch.position();
        int available = batch.remaining();
        if (available < BatchHeader.HEADER_SIZE) {
            throw new CorruptBatchException("record batch is " + available + " bytes, smaller than the "
                    + BatchHeader.HEADER_SIZE + "-byte v2 batch header");
        }
        int size = BatchHeader.sizeInBytes(batch, start);
        if (size != available) {
            throw new CorruptBatchException("record batch length field says " + size + " bytes but " + available
                    + " bytes were given; send exactly one whole batch");
        }
        if (size > maxMessageBytes) {
            throw new RecordTooLargeException("record batch is " + size + " bytes, larger than max.message.bytes="
                    + maxMessageBytes + "; send smaller batches or raise max.message.bytes");
        }
        byte magic = BatchHeader.magic(batch, start);
        if (magic != BatchHeader.MAGIC_V2) {
            throw new InvalidBatchException(
                    "record batch has magic " + magic + "; only magic 2 (Kafka 0.11+ record batches) is stored");
        }
        checkCrc(batch, start, size);
        int count = BatchHeader.recordsCount(batch, start);
        int lastOffsetDelta = BatchHeader.lastOffsetDelta(batch, start);
        if (count <= 0 || lastOffsetDelta != count - 1) {
            throw new InvalidBatchException("record batch has " + count + " records but lastOffsetDelta "
                    + lastOffsetDelta + "; a produced batch must hold records with offset deltas 0.." + "(count - 1)");
        }
    }

    /** Checks the CRC32C of a batch already known to be {@code size} bytes long. */
    public static void checkCrc(ByteBuffer batch, int start, int size) {
        long stored = BatchHeader.storedCrc(batch, start);
        long computed = BatchHeader.computeCrc(batch, start, size);
        if (stored != computed) {
            throw new CorruptBatchException("record batch CRC32C is 0x" + Long.toHexString(stored)
                    + " but its bytes give 0x" + Long.toHexString(computed));
        }
    }
}
