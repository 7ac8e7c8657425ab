package io.herald.log;

/** A read asked for an offset below the log start offset or above the log end offset. Kafka's code: {@code OFFSET_OUT_OF_RANGE}. */
public final class OffsetOutOfRangeException extends LogException {
    public OffsetOutOfRangeException(long offset, long logStartOffset, long logEndOffset) {
        super("offset " + offset + " is out of range: the log holds offsets " + logStartOffset + " to " + logEndOffset
                + " (exclusive); seek to an offset inside that range");
    }
}
