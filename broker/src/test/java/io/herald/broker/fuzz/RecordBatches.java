package io.herald.broker.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;

/**
 * Record batches for Produce requests: valid ones (every compression, idempotent or not), and corrupt ones that each
 * break one rule of the v2 batch layout, mostly with the CRC fixed up afterwards so that the broker's later checks, not
 * only the CRC, see them.
 *
 * <p>Batch v2 layout (offsets in bytes): base offset 0 (int64), batch length 8 (int32), partition leader epoch 12,
 * magic 16 (int8), CRC-32C 17 (over attributes to the end), attributes 21 (int16), last offset delta 23, base
 * timestamp 27, max timestamp 35, producer id 43, producer epoch 51, base sequence 53, record count 57, records 61.
 * Not thread-safe (shares the caller's random).
 */
final class RecordBatches {
    static final int LENGTH = 8;
    static final int MAGIC = 16;
    static final int CRC = 17;
    static final int ATTRIBUTES = 21;
    static final int RECORDS_COUNT = 57;
    static final int RECORDS = 61;

    private static final int[] INTERESTING_INTS = {
        -1,
        0,
        1,
        2,
        48,
        49,
        60,
        61,
        0x7F,
        0x80,
        0xFF,
        0x7FFF,
        0xFFFF,
        1 << 20,
        1 << 30,
        Integer.MAX_VALUE,
        Integer.MIN_VALUE,
        -61
    };

    private final SplittableRandom random;

    RecordBatches(SplittableRandom random) {
        this.random = random;
    }

    /** Any batch: valid about half the time, otherwise corrupt, legacy, a run of batches, or garbage. */
    byte[] any() {
        int pick = random.nextInt(100);
        if (pick < 45) return valid();
        if (pick < 85) return corrupt(valid());
        if (pick < 90) return legacy();
        if (pick < 95) return Frames.concat(valid(), random.nextBoolean() ? valid() : corrupt(valid()));
        return crafted();
    }

    byte[] valid() {
        Compression compression = switch (random.nextInt(6)) {
            case 0 -> Compression.gzip().build();
            case 1 -> Compression.lz4().build();
            case 2 -> Compression.snappy().build();
            case 3 -> Compression.zstd().build();
            default -> Compression.NONE;
        };
        SimpleRecord[] records = records(1 + random.nextInt(5));
        MemoryRecords built = random.nextInt(4) == 0
                ? MemoryRecords.withRecords(
                        RecordBatch.CURRENT_MAGIC_VALUE,
                        0L,
                        compression,
                        TimestampType.CREATE_TIME,
                        random.nextLong(0, 1000),
                        (short) random.nextInt(0, 3),
                        random.nextInt(0, 100),
                        -1,
                        false,
                        records)
                : MemoryRecords.withRecords(compression, records);
        return bytes(built.buffer());
    }

    private SimpleRecord[] records(int count) {
        SimpleRecord[] records = new SimpleRecord[count];
        long now = System.currentTimeMillis();
        for (int i = 0; i < count; i++) {
            byte[] key = random.nextInt(4) == 0 ? null : ("k" + random.nextInt(20)).getBytes(StandardCharsets.UTF_8);
            byte[] value = random.nextInt(10) == 0 ? null : randomBytes(random.nextInt(0, 64));
            long timestamp = random.nextInt(20) == 0 ? random.nextLong(-1, Long.MAX_VALUE) : now;
            records[i] = new SimpleRecord(timestamp, key, value);
        }
        return records;
    }

    /** A batch with magic 0 or 1, which Produce v3+ must refuse. */
    private byte[] legacy() {
        byte magic = random.nextBoolean() ? RecordBatch.MAGIC_VALUE_V0 : RecordBatch.MAGIC_VALUE_V1;
        Compression compression =
                random.nextBoolean() ? Compression.NONE : Compression.gzip().build();
        return bytes(MemoryRecords.withRecords(magic, compression, records(1 + random.nextInt(3)))
                .buffer());
    }

    /** A valid batch with one rule broken. */
    byte[] corrupt(byte[] batch) {
        ByteBuffer b = ByteBuffer.wrap(batch);
        switch (random.nextInt(13)) {
            case 0 -> batch[CRC + random.nextInt(4)] ^= (byte) (1 + random.nextInt(255));
            case 1 -> b.putInt(LENGTH, lie(batch.length - 12));
            case 2 -> batch[MAGIC] = (byte) new int[] {0, 1, 3, -1, 127}[random.nextInt(5)];
            case 3 -> fixCrc(b.putInt(RECORDS_COUNT, lie(b.getInt(RECORDS_COUNT))));
            case 4 -> fixCrc(b.putShort(ATTRIBUTES, (short) random.nextInt(1 << 16)));
            case 5 -> fixCrc(b.putInt(23, lie(b.getInt(23)))); // last offset delta
            case 6 -> fixCrc(b.putLong(27 + 8 * random.nextInt(2), random.nextLong())); // base or max timestamp
            case 7 ->
                fixCrc(b.putLong(43, random.nextLong())
                        .putShort(51, (short) random.nextInt())
                        .putInt(53, lie(0)));
            case 8 -> {
                return Arrays.copyOf(batch, random.nextInt(batch.length)); // truncated, length field unchanged
            }
            case 9 -> {
                return Frames.concat(batch, randomBytes(1 + random.nextInt(70))); // trailing partial batch
            }
            case 10 -> {
                for (int i = 0; i < 1 + random.nextInt(4) && batch.length > RECORDS; i++) {
                    batch[RECORDS + random.nextInt(batch.length - RECORDS)] = (byte) random.nextInt();
                }
                fixCrc(b);
            }
            case 11 -> fixCrc(b.putLong(0, random.nextLong())); // base offset
            default -> {
                if (batch.length > RECORDS + 5) {
                    byte[] huge = new ByteWriter().uvarint(lie(0)).toByteArray(); // first record's length
                    System.arraycopy(huge, 0, batch, RECORDS, huge.length);
                    fixCrc(b);
                }
            }
        }
        return batch;
    }

    /**
     * Batches built by hand around a records section that lies: a first record claiming a huge length, uncompressed
     * or gzip-compressed (so that the lie is only visible after decompression), or a compressed run of zeros.
     */
    private byte[] crafted() {
        ByteWriter records = new ByteWriter().varint(random.nextBoolean() ? Integer.MAX_VALUE / 2 : 1 << 28);
        records.bytes(randomBytes(random.nextInt(0, 32)));
        byte[] section = records.toByteArray();
        int attributes = 0;
        if (random.nextBoolean()) {
            attributes = 1; // gzip
            section = gzip(random.nextBoolean() ? section : new byte[1 << 20]);
        }
        return batch(attributes, 1 + random.nextInt(3), section);
    }

    static byte[] batch(int attributes, int recordCount, byte[] records) {
        long now = System.currentTimeMillis();
        ByteWriter out = new ByteWriter()
                .int64(0)
                .int32(RECORDS - 12 + records.length)
                .int32(-1)
                .int8(2)
                .int32(0)
                .int16(attributes)
                .int32(recordCount - 1)
                .int64(now)
                .int64(now)
                .int64(-1)
                .int16(-1)
                .int32(-1)
                .int32(recordCount)
                .bytes(records);
        byte[] batch = out.toByteArray();
        fixCrc(ByteBuffer.wrap(batch));
        return batch;
    }

    private int lie(int truth) {
        return switch (random.nextInt(4)) {
            case 0 -> truth + random.nextInt(-3, 4);
            case 1 -> random.nextInt();
            default -> INTERESTING_INTS[random.nextInt(INTERESTING_INTS.length)];
        };
    }

    private static void fixCrc(ByteBuffer batch) {
        if (batch.limit() < RECORDS) return;
        CRC32C crc = new CRC32C();
        crc.update(batch.array(), ATTRIBUTES, batch.limit() - ATTRIBUTES);
        batch.putInt(CRC, (int) crc.getValue());
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) bytes[i] = (byte) random.nextInt();
        return bytes;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
