package io.herald.log;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

/** Builds record batches with kafka-clients' own builder and reads them back with its parser. */
public final class TestBatches {
    private TestBatches() {}

    /** A key/value pair; a null value is a tombstone. */
    public record KV(String key, String value, long timestamp) {}

    public static ByteBuffer batch(long timestamp, String... values) {
        List<KV> records = new ArrayList<>();
        for (String v : values) records.add(new KV(null, v, timestamp));
        return batch(Compression.NONE, records);
    }

    public static ByteBuffer keyed(long timestamp, String key, String value) {
        return batch(Compression.NONE, List.of(new KV(key, value, timestamp)));
    }

    public static ByteBuffer batch(Compression compression, List<KV> records) {
        return batch(compression, records, RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH, -1);
    }

    public static ByteBuffer batch(
            Compression compression, List<KV> records, long producerId, short producerEpoch, int baseSequence) {
        ByteBuffer buffer = ByteBuffer.allocate(1024 + records.size() * 128);
        MemoryRecordsBuilder builder = MemoryRecords.builder(
                buffer,
                RecordBatch.CURRENT_MAGIC_VALUE,
                compression,
                TimestampType.CREATE_TIME,
                0L,
                System.currentTimeMillis(),
                producerId,
                producerEpoch,
                baseSequence,
                false,
                RecordBatch.NO_PARTITION_LEADER_EPOCH);
        for (KV kv : records) builder.append(kv.timestamp(), bytes(kv.key()), bytes(kv.value()));
        ByteBuffer built = builder.build().buffer();
        ByteBuffer copy = ByteBuffer.allocate(built.remaining());
        copy.put(built).flip();
        return copy;
    }

    /** A batch of {@code count} records of {@code valueBytes} each, for size-driven tests. */
    public static ByteBuffer sized(int count, int valueBytes, long timestamp) {
        List<KV> records = new ArrayList<>();
        for (int i = 0; i < count; i++) records.add(new KV(null, "x".repeat(valueBytes), timestamp));
        return batch(Compression.NONE, records);
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    /** A record as kafka-clients reads it back from a log read. */
    public record ReadRecord(long offset, long timestamp, String key, String value) {}

    /** Parses everything a read returned with kafka-clients, checking each batch's CRC. */
    public static List<ReadRecord> records(LogReadResult result) {
        List<ReadRecord> out = new ArrayList<>();
        for (FileRegion region : result.regions()) {
            try {
                MemoryRecords records = MemoryRecords.readableRecords(region.read());
                for (MutableRecordBatch batch : records.batches()) {
                    batch.ensureValid();
                    for (Record r : batch) {
                        out.add(new ReadRecord(r.offset(), r.timestamp(), string(r.key()), string(r.value())));
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return out;
    }

    /** A batch as a read returned it. */
    public record ReadBatch(
            long baseOffset, long lastOffset, int sizeInBytes, long producerId, List<ReadRecord> records) {}

    /**
     * Parses everything a read returned into batches with kafka-clients, checking each batch's CRC and that each region
     * holds whole batches only (kafka-clients' parser silently stops at a partial one).
     */
    public static List<ReadBatch> batches(LogReadResult result) {
        List<ReadBatch> out = new ArrayList<>();
        for (FileRegion region : result.regions()) {
            int wholeBytes = 0;
            try {
                for (MutableRecordBatch batch :
                        MemoryRecords.readableRecords(region.read()).batches()) {
                    batch.ensureValid();
                    List<ReadRecord> records = new ArrayList<>();
                    for (Record r : batch) {
                        records.add(new ReadRecord(r.offset(), r.timestamp(), string(r.key()), string(r.value())));
                    }
                    out.add(new ReadBatch(
                            batch.baseOffset(), batch.lastOffset(), batch.sizeInBytes(), batch.producerId(), records));
                    wholeBytes += batch.sizeInBytes();
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            if (wholeBytes != region.sizeInBytes()) {
                throw new AssertionError("a region of " + region.sizeInBytes() + " bytes holds whole batches of "
                        + wholeBytes + " bytes and a partial one");
            }
        }
        return out;
    }

    /** Every record from {@code offset} to the high watermark, reading in steps of {@code maxBytes}. */
    public static List<ReadRecord> readAll(PartitionLog log, long offset, int maxBytes) {
        List<ReadRecord> out = new ArrayList<>();
        long next = offset;
        while (next < log.highWatermark()) {
            LogReadResult result = log.read(next, maxBytes);
            if (result.regions().isEmpty()) break;
            long last = lastOffset(result);
            for (ReadRecord r : records(result)) if (r.offset() >= next) out.add(r);
            next = last + 1;
        }
        return out;
    }

    /** Last offset of the last batch a read returned (batch-level, so it counts compacted-away offsets too). */
    public static long lastOffset(LogReadResult result) {
        long last = -1;
        for (FileRegion region : result.regions()) {
            try {
                for (MutableRecordBatch batch :
                        MemoryRecords.readableRecords(region.read()).batches()) {
                    last = batch.lastOffset();
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return last;
    }

    private static String string(ByteBuffer b) {
        if (b == null) return null;
        byte[] bytes = new byte[b.remaining()];
        b.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
