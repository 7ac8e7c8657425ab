package io.herald.broker.partition;

import io.herald.log.FileRegion;
import io.herald.log.LogReadResult;
import io.herald.log.PartitionLog;
import io.herald.log.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * Reads every record of a partition log, oldest first, from the log start offset to the high watermark: how the
 * broker rebuilds state it keeps in internal compacted logs (topics in {@code __herald_metadata-0}, committed offsets
 * in {@code __consumer_offsets}). Compressed batches are decompressed.
 */
public final class LogReplay {
    private static final int READ_BYTES = 1024 * 1024;

    private LogReplay() {}

    /** Calls {@code onRecord} for each record; a read failure is a {@link StorageException} naming the log. */
    public static void forEachRecord(PartitionLog log, Consumer<Record> onRecord) {
        forEachRecord(log, log.logStartOffset(), onRecord);
    }

    /**
     * Calls {@code onRecord} for each record from {@code fromOffset} (or the log start offset, when later) to the high
     * watermark; returns the offset after the last batch read, where the next call starts.
     */
    public static long forEachRecord(PartitionLog log, long fromOffset, Consumer<Record> onRecord) {
        long start = Math.max(fromOffset, log.logStartOffset());
        long offset = start;
        while (offset < log.highWatermark()) {
            LogReadResult read = log.read(offset, READ_BYTES);
            if (read.regions().isEmpty()) break;
            for (FileRegion region : read.regions()) {
                ByteBuffer bytes;
                try {
                    bytes = region.read();
                } catch (IOException e) {
                    throw new StorageException("cannot read " + log.dir() + " to replay it: " + e, e);
                }
                for (RecordBatch batch : MemoryRecords.readableRecords(bytes).batches()) {
                    for (Record record : batch) {
                        if (record.offset() >= start) onRecord.accept(record);
                    }
                    offset = batch.nextOffset();
                }
            }
        }
        return offset;
    }
}
