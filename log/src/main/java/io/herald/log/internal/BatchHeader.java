package io.herald.log.internal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Field access for a Kafka v2 record batch held in a buffer, by absolute index from {@code start}. Layout (big-endian,
 * Kafka's {@code DefaultRecordBatch}):
 *
 * <pre>
 *  0 baseOffset i64        27 baseTimestamp i64      53 baseSequence i32
 *  8 batchLength i32       35 maxTimestamp i64       57 recordsCount i32
 * 12 partitionLeaderEpoch  43 producerId i64         61 records...
 * 16 magic i8              51 producerEpoch i16
 * 17 crc u32 (CRC32C of bytes 21..end)
 * 21 attributes i16: bits 0-2 compression, 3 LogAppendTime, 4 transactional, 5 control, 6 delete horizon
 * 23 lastOffsetDelta i32
 * </pre>
 *
 * Only baseOffset, batchLength, partitionLeaderEpoch and magic lie outside the CRC, so the log can assign offsets
 * without recomputing it. Stateless; safe from any thread.
 */
public final class BatchHeader {
    public static final int BASE_OFFSET = 0;
    public static final int BATCH_LENGTH = 8;
    public static final int PARTITION_LEADER_EPOCH = 12;
    public static final int MAGIC = 16;
    public static final int CRC = 17;
    public static final int ATTRIBUTES = 21;
    public static final int LAST_OFFSET_DELTA = 23;
    public static final int BASE_TIMESTAMP = 27;
    public static final int MAX_TIMESTAMP = 35;
    public static final int PRODUCER_ID = 43;
    public static final int PRODUCER_EPOCH = 51;
    public static final int BASE_SEQUENCE = 53;
    public static final int RECORDS_COUNT = 57;
    public static final int RECORDS = 61;

    /** Bytes before batchLength counts: baseOffset and batchLength itself (Kafka's {@code LOG_OVERHEAD}). */
    public static final int LOG_OVERHEAD = 12;

    /** Smallest valid batch: the header with no records. */
    public static final int HEADER_SIZE = RECORDS;

    public static final byte MAGIC_V2 = 2;
    public static final int COMPRESSION_MASK = 0x07;
    public static final int LOG_APPEND_TIME_FLAG = 0x08;
    public static final int TRANSACTIONAL_FLAG = 0x10;
    public static final int CONTROL_FLAG = 0x20;

    private BatchHeader() {}

    public static long baseOffset(ByteBuffer buf, int start) {
        return buf.getLong(start + BASE_OFFSET);
    }

    /** Size of the whole batch in bytes, including the 12 bytes of log overhead. */
    public static int sizeInBytes(ByteBuffer buf, int start) {
        return buf.getInt(start + BATCH_LENGTH) + LOG_OVERHEAD;
    }

    public static byte magic(ByteBuffer buf, int start) {
        return buf.get(start + MAGIC);
    }

    public static int attributes(ByteBuffer buf, int start) {
        return buf.getShort(start + ATTRIBUTES);
    }

    public static int compression(ByteBuffer buf, int start) {
        return attributes(buf, start) & COMPRESSION_MASK;
    }

    public static int lastOffsetDelta(ByteBuffer buf, int start) {
        return buf.getInt(start + LAST_OFFSET_DELTA);
    }

    public static long lastOffset(ByteBuffer buf, int start) {
        return baseOffset(buf, start) + lastOffsetDelta(buf, start);
    }

    public static long baseTimestamp(ByteBuffer buf, int start) {
        return buf.getLong(start + BASE_TIMESTAMP);
    }

    public static long maxTimestamp(ByteBuffer buf, int start) {
        return buf.getLong(start + MAX_TIMESTAMP);
    }

    public static boolean isLogAppendTime(ByteBuffer buf, int start) {
        return (attributes(buf, start) & LOG_APPEND_TIME_FLAG) != 0;
    }

    public static long producerId(ByteBuffer buf, int start) {
        return buf.getLong(start + PRODUCER_ID);
    }

    public static int recordsCount(ByteBuffer buf, int start) {
        return buf.getInt(start + RECORDS_COUNT);
    }

    public static long storedCrc(ByteBuffer buf, int start) {
        return Integer.toUnsignedLong(buf.getInt(start + CRC));
    }

    /** CRC32C of bytes 21 to the end of the batch, as Kafka computes it. */
    public static long computeCrc(ByteBuffer buf, int start, int sizeInBytes) {
        CRC32C crc = new CRC32C();
        crc.update(buf.slice(start + ATTRIBUTES, sizeInBytes - ATTRIBUTES));
        return crc.getValue();
    }

    public static void writeCrc(ByteBuffer buf, int start, int sizeInBytes) {
        buf.putInt(start + CRC, (int) computeCrc(buf, start, sizeInBytes));
    }
}
