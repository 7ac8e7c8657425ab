package io.herald.bench;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/**
 * Builds the uncompressed Kafka v2 record batch the benchmarks append: {@link #RECORDS} records with null keys, no
 * headers and {@link #VALUE_BYTES} random bytes of value each, so a producer's default 16 KiB {@code batch.size} filled
 * with 1 KiB records. Written here rather than with kafka-clients so the benchmarks jar holds only the log and JMH.
 *
 * <p>Layout (Kafka's {@code DefaultRecordBatch}, big-endian): a 61-byte header (baseOffset i64, batchLength i32,
 * partitionLeaderEpoch i32, magic i8 = 2, crc u32 = CRC32C of bytes 21..end, attributes i16, lastOffsetDelta i32,
 * baseTimestamp i64, maxTimestamp i64, producerId i64, producerEpoch i16, baseSequence i32, recordsCount i32), then
 * each record as: length varint, attributes i8, timestampDelta varlong, offsetDelta varint, keyLength varint (-1),
 * valueLength varint, value, headerCount varint (0). Varints are zigzag-encoded. With 1 KiB values a record takes
 * 1,033 bytes and the batch 16,589.
 *
 * <p>Stateless; each call returns a new heap buffer that the caller owns.
 */
final class BenchBatch {
    static final int RECORDS = 16;
    static final int VALUE_BYTES = 1024;
    private static final int HEADER_BYTES = 61;
    private static final int RECORD_BODY_BYTES = 1 + 1 + 1 + 1 + varintSize(VALUE_BYTES) + VALUE_BYTES + 1;
    private static final int RECORD_BYTES = varintSize(RECORD_BODY_BYTES) + RECORD_BODY_BYTES;

    /** Size of the batch on disk and on the wire: 16,589 bytes. */
    static final int BATCH_BYTES = HEADER_BYTES + RECORDS * RECORD_BYTES;

    private BenchBatch() {}

    /** A new batch at base offset 0 stamped {@code timestampMs}; the log rewrites the base offset in place. */
    static ByteBuffer build(long timestampMs, long seed) {
        ByteBuffer buf = ByteBuffer.allocate(BATCH_BYTES);
        buf.putLong(0L); // baseOffset
        buf.putInt(BATCH_BYTES - 12); // batchLength: everything after itself
        buf.putInt(-1); // partitionLeaderEpoch
        buf.put((byte) 2); // magic
        buf.putInt(0); // crc, written last
        buf.putShort((short) 0); // attributes: no compression, CreateTime, not transactional
        buf.putInt(RECORDS - 1); // lastOffsetDelta
        buf.putLong(timestampMs); // baseTimestamp
        buf.putLong(timestampMs); // maxTimestamp
        buf.putLong(-1L); // producerId
        buf.putShort((short) -1); // producerEpoch
        buf.putInt(-1); // baseSequence
        buf.putInt(RECORDS);
        SplittableRandom random = new SplittableRandom(seed);
        byte[] value = new byte[VALUE_BYTES];
        for (int i = 0; i < RECORDS; i++) {
            putVarint(buf, RECORD_BODY_BYTES);
            buf.put((byte) 0); // attributes
            putVarint(buf, 0); // timestampDelta
            putVarint(buf, i); // offsetDelta
            putVarint(buf, -1); // null key
            putVarint(buf, VALUE_BYTES);
            random.nextBytes(value);
            buf.put(value);
            putVarint(buf, 0); // no headers
        }
        if (buf.position() != BATCH_BYTES) {
            throw new IllegalStateException("built " + buf.position() + " bytes, expected " + BATCH_BYTES);
        }
        CRC32C crc = new CRC32C();
        crc.update(buf.slice(21, BATCH_BYTES - 21));
        buf.putInt(17, (int) crc.getValue());
        return buf.flip();
    }

    /** A copy of {@code batch} (position to limit) in a new heap buffer. */
    static ByteBuffer copyOf(ByteBuffer batch) {
        ByteBuffer copy = ByteBuffer.allocate(batch.remaining());
        copy.put(batch.duplicate()).flip();
        return copy;
    }

    private static void putVarint(ByteBuffer buf, int value) {
        int v = (value << 1) ^ (value >> 31);
        while ((v & ~0x7F) != 0) {
            buf.put((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        buf.put((byte) v);
    }

    private static int varintSize(int value) {
        int v = (value << 1) ^ (value >> 31);
        int bytes = 1;
        while ((v & ~0x7F) != 0) {
            bytes++;
            v >>>= 7;
        }
        return bytes;
    }
}
