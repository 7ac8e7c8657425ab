package io.herald.broker.producer;

import io.herald.log.FileRegion;
import io.herald.log.LogReadResult;
import io.herald.log.PartitionLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * Rebuilds a partition's {@link ProducerStateTable} after a restart, as Kafka's {@code
 * ProducerStateManager.truncateAndReload} and {@code UnifiedLog.rebuildProducerState} do:
 *
 * <ol>
 *   <li>deletes snapshots above the log end offset (a crash cut the log below them, so they describe batches that are
 *       gone) and any {@code .snapshot.tmp} a crash left;
 *   <li>reads the newest snapshot left; one that is corrupt is logged, deleted and the next older one tried; with none,
 *       state starts empty at the log start offset;
 *   <li>replays every idempotent data batch from the snapshot's offset (or the log start offset, if higher) to the log
 *       end offset, applying no rule, as Kafka does for batches already in the log;
 *   <li>drops producers whose last batch is below the log start offset, or that have expired by {@code clock}.
 * </ol>
 *
 * Call it after {@link PartitionLog#open}, whose high watermark is then the log end offset, and before the partition
 * takes appends.
 */
public final class ProducerStateLoader {
    private static final System.Logger LOG = System.getLogger(ProducerStateLoader.class.getName());
    private static final int REPLAY_READ_BYTES = 1024 * 1024;

    private ProducerStateLoader() {}

    public static ProducerStateTable load(Path partitionDir, PartitionLog log, long expirationMs, Clock clock)
            throws IOException {
        long logEndOffset = log.logEndOffset();
        long logStartOffset = log.logStartOffset();
        deleteLeftovers(partitionDir, logEndOffset);
        ProducerStateTable table = new ProducerStateTable(expirationMs);
        long snapshotOffset = loadNewestSnapshot(partitionDir, table, logStartOffset);
        replay(log, table, snapshotOffset, Math.max(snapshotOffset, logStartOffset), logEndOffset);
        table.onLogStartOffsetMoved(logStartOffset);
        table.expire(clock.millis());
        return table;
    }

    private static void deleteLeftovers(Path dir, long logEndOffset) throws IOException {
        for (long offset : ProducerSnapshotFile.offsets(dir)) {
            if (offset > logEndOffset) {
                LOG.log(
                        System.Logger.Level.INFO,
                        "deleting producer snapshot {0}: it is above the log end offset {1}",
                        ProducerSnapshotFile.path(dir, offset),
                        logEndOffset);
                ProducerSnapshotFile.delete(dir, offset);
            }
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                if (f.getFileName().toString().endsWith(ProducerSnapshotFile.SUFFIX + ".tmp")) Files.delete(f);
            }
        }
    }

    /** Loads the newest readable snapshot into {@code table}; returns its offset, or {@code fallbackOffset}. */
    private static long loadNewestSnapshot(Path dir, ProducerStateTable table, long fallbackOffset) throws IOException {
        List<Long> offsets = ProducerSnapshotFile.offsets(dir);
        for (int i = offsets.size() - 1; i >= 0; i--) {
            long offset = offsets.get(i);
            try {
                ProducerSnapshotFile.read(ProducerSnapshotFile.path(dir, offset))
                        .forEach(table::load);
                return offset;
            } catch (CorruptSnapshotException e) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "skipping and deleting corrupt producer snapshot {0}; rebuilding from an older snapshot or the"
                                + " log instead",
                        e.getMessage());
                ProducerSnapshotFile.delete(dir, offset);
            }
        }
        return fallbackOffset;
    }

    /**
     * Applies the batches from {@code from} to {@code logEndOffset} whose base offset is at or above {@code
     * snapshotOffset}: a read returns the whole batch holding {@code from}, which may start below it.
     */
    private static void replay(
            PartitionLog log, ProducerStateTable table, long snapshotOffset, long from, long logEndOffset)
            throws IOException {
        long next = from;
        while (next < logEndOffset) {
            LogReadResult result = log.read(next, REPLAY_READ_BYTES);
            long before = next;
            for (FileRegion region : result.regions()) {
                for (RecordBatch batch :
                        MemoryRecords.readableRecords(region.read()).batches()) {
                    if (batch.baseOffset() >= snapshotOffset) apply(table, batch);
                    next = Math.max(next, batch.lastOffset() + 1);
                }
            }
            if (next == before) break; // nothing readable below the high watermark: the rest cannot be replayed
        }
    }

    private static void apply(ProducerStateTable table, RecordBatch batch) {
        if (batch.producerId() < 0 || batch.isControlBatch()) return;
        ProducerBatch header = new ProducerBatch(
                batch.producerId(), batch.producerEpoch(), batch.baseSequence(), batch.lastSequence(), (int)
                        (batch.lastOffset() - batch.baseOffset() + 1));
        table.onAppended(header, batch.baseOffset(), batch.lastOffset(), batch.maxTimestamp());
    }
}
