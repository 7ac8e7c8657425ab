package io.herald.log;

import io.herald.log.internal.BatchHeader;
import io.herald.log.internal.BatchRecords;
import io.herald.log.internal.Segment;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One compaction pass over the inactive segments of a log ({@code cleanup.policy=compact}).
 *
 * <p>Pass one reads every record of those segments and remembers, per key, the offset of its latest record. Pass two
 * rewrites the segments, in groups of consecutive segments that together fit in {@code segment.bytes}, keeping a
 * record only if it is the latest for its key, and dropping a latest record that is a tombstone (null value) once its
 * segment's newest timestamp is older than {@code delete.retention.ms}. Records keep their offsets, so nothing is
 * reordered; a batch whose records all stay is copied byte for byte, a batch that loses some is rebuilt with the same
 * base offset, last offset, producer fields and compression (none or gzip). Keyless records are dropped, as Kafka's
 * cleaner does. Batches compressed with snappy, lz4 or zstd cannot be read without those codecs and are kept whole,
 * which is always safe: they only keep older values that a full cleaner would drop. But since such a batch may hold an
 * older value of any key, a tombstone after the first one is kept past {@code delete.retention.ms}: dropping it would
 * bring that older value back.
 *
 * <p>A rebuilt group is written as {@code <base>.log.cleaned}, forced, renamed to {@code .swap} (the commit point),
 * then swapped into the log under its write lock; the replaced segments are renamed {@code .deleted}. If a crash
 * leaves a {@code .swap}, {@link LogLoader} finishes the swap; a {@code .cleaned} is simply deleted. So that the swap
 * covers exactly the offsets of its group, the last batch of a group is kept at least as an empty batch header, as is
 * the last batch of each producer id (the broker rebuilds producer state from those).
 *
 * <p>Only segments wholly below the checkpointed recovery point are rewritten ({@link
 * PartitionLog#compactableSegments}; {@link PartitionLog#compact} forces the rolled segments still waiting for their
 * background force first): recovery re-validates the segments above it with a check for contiguous offsets, which a
 * compacted segment would fail.
 *
 * <p>Runs on the caller's thread (the maintenance loop), reading only inactive segments, which never change, so
 * appends and reads go on meanwhile; only the final swap takes the log's write lock.
 */
final class LogCompactor {
    static final String CLEANED_SUFFIX = ".cleaned";
    static final String SWAP_SUFFIX = ".swap";

    private final PartitionLog log;
    private final Path dir;
    private final LogConfig config;
    private final Clock clock;
    private long recordsDropped;
    private long firstUndecodableOffset = Long.MAX_VALUE;

    LogCompactor(PartitionLog log, Path dir, LogConfig config, Clock clock) {
        this.log = log;
        this.dir = dir;
        this.config = config;
        this.clock = clock;
    }

    CompactionStats compact() throws IOException {
        List<Segment> segments = log.compactableSegments();
        if (segments.isEmpty()) return CompactionStats.NOTHING;
        Map<ByteBuffer, Long> latestByKey = new HashMap<>();
        Map<Long, Long> lastBatchByProducer = new HashMap<>();
        for (Segment segment : segments) {
            forEachBatch(segment, batch -> {
                long base = BatchHeader.baseOffset(batch, 0);
                long producerId = BatchHeader.producerId(batch, 0);
                if (producerId >= 0) lastBatchByProducer.put(producerId, base);
                if (!BatchRecords.canDecode(BatchHeader.compression(batch, 0))) {
                    firstUndecodableOffset = Math.min(firstUndecodableOffset, base);
                    return;
                }
                for (BatchRecords.Record r : BatchRecords.decode(batch, 0)) {
                    if (r.key() != null) latestByKey.put(copy(r.key()), base + r.offsetDelta());
                }
            });
        }
        long bytesBefore = 0;
        long bytesAfter = 0;
        int segmentsAfter = 0;
        long now = clock.millis();
        for (List<Segment> group : groups(segments)) {
            Segment cleaned = Segment.create(
                    dir, group.getFirst().baseOffset(), CLEANED_SUFFIX, config.indexIntervalBytes(), now);
            boolean swapped = false;
            boolean swapMustStay = false;
            try {
                for (Segment segment : group) {
                    boolean dropTombstones = now - segment.maxTimestamp() > config.deleteRetentionMs();
                    boolean lastOfGroup = segment == group.getLast();
                    int lastPosition = lastBatchPosition(segment);
                    forEachBatchAt(segment, (batch, position) -> {
                        boolean keepHeader = (lastOfGroup && position == lastPosition)
                                || isLastOfProducer(batch, lastBatchByProducer);
                        ByteBuffer out = filter(batch, latestByKey, dropTombstones, keepHeader);
                        if (out != null) appendTo(cleaned, out);
                    });
                }
                cleaned.flush();
                cleaned.writeIndexes();
                cleaned.changeStateSuffix(SWAP_SUFFIX);
                PartitionLog.fsyncDirectory(dir);
                try {
                    swapped = log.replaceSegments(group, cleaned);
                } catch (StorageException e) {
                    // The swap failed half-way: some replaced segments may already be .deleted, so the .swap is
                    // the only whole copy of their data; the next open finishes the swap from it.
                    swapMustStay = true;
                    throw e;
                }
            } finally {
                if (swapMustStay) cleaned.close();
                else if (!swapped) cleaned.closeAndDelete();
            }
            for (Segment s : group) bytesBefore += s.sizeBytes();
            bytesAfter += swapped
                    ? cleaned.sizeBytes()
                    : group.stream().mapToLong(Segment::sizeBytes).sum();
            segmentsAfter += swapped ? 1 : group.size();
        }
        log.onCompacted(bytesAfter);
        return new CompactionStats(segments.size(), segmentsAfter, bytesBefore, bytesAfter, recordsDropped);
    }

    /** Consecutive segments whose sizes add up to at most {@code segment.bytes} and whose offsets fit one index. */
    private List<List<Segment>> groups(List<Segment> segments) {
        List<List<Segment>> groups = new ArrayList<>();
        List<Segment> current = new ArrayList<>();
        long size = 0;
        for (Segment s : segments) {
            boolean fits = size + s.sizeBytes() <= config.segmentBytes()
                    && (current.isEmpty() || s.nextOffset() - current.getFirst().baseOffset() <= Integer.MAX_VALUE);
            if (!current.isEmpty() && !fits) {
                groups.add(current);
                current = new ArrayList<>();
                size = 0;
            }
            current.add(s);
            size += s.sizeBytes();
        }
        if (!current.isEmpty()) groups.add(current);
        return groups;
    }

    private static boolean isLastOfProducer(ByteBuffer batch, Map<Long, Long> lastBatchByProducer) {
        long producerId = BatchHeader.producerId(batch, 0);
        return producerId >= 0 && lastBatchByProducer.get(producerId) == BatchHeader.baseOffset(batch, 0);
    }

    /** The batch to write for {@code batch}: itself, a rebuilt subset, an empty header, or null to drop it. */
    private ByteBuffer filter(
            ByteBuffer batch, Map<ByteBuffer, Long> latestByKey, boolean dropTombstones, boolean keepHeader) {
        int compression = BatchHeader.compression(batch, 0);
        if (!BatchRecords.canDecode(compression)) return batch;
        long base = BatchHeader.baseOffset(batch, 0);
        List<BatchRecords.Record> records = BatchRecords.decode(batch, 0);
        List<BatchRecords.Record> kept = new ArrayList<>(records.size());
        for (BatchRecords.Record r : records) {
            long offset = base + r.offsetDelta();
            boolean latest = r.key() != null && latestByKey.get(r.key()) == offset;
            boolean expiredTombstone = !r.hasValue() && dropTombstones && offset < firstUndecodableOffset;
            if (latest && !expiredTombstone) kept.add(r);
        }
        recordsDropped += records.size() - kept.size();
        if (kept.size() == records.size()) return batch;
        if (kept.isEmpty() && !keepHeader) return null;
        return rebuild(batch, kept, kept.isEmpty() ? BatchRecords.NONE : compression);
    }

    /** A batch with the header of {@code original} (offsets, producer, timestamps) and only {@code records}. */
    static ByteBuffer rebuild(ByteBuffer original, List<BatchRecords.Record> records, int compression) {
        ByteBuffer body = BatchRecords.encodeBody(records, compression);
        int size = BatchHeader.RECORDS + body.remaining();
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(original.duplicate().limit(BatchHeader.RECORDS).position(0));
        out.put(body);
        out.putInt(BatchHeader.BATCH_LENGTH, size - BatchHeader.LOG_OVERHEAD);
        int attributes = (BatchHeader.attributes(original, 0) & ~BatchHeader.COMPRESSION_MASK) | compression;
        out.putShort(BatchHeader.ATTRIBUTES, (short) attributes);
        out.putInt(BatchHeader.RECORDS_COUNT, records.size());
        BatchHeader.writeCrc(out, 0, size);
        return out.flip();
    }

    private static void appendTo(Segment cleaned, ByteBuffer batch) {
        try {
            cleaned.append(batch, BatchHeader.lastOffset(batch, 0), BatchHeader.maxTimestamp(batch, 0));
        } catch (IOException e) {
            throw new StorageException("writing " + cleaned + " failed: " + e.getMessage(), e);
        }
    }

    private static ByteBuffer copy(ByteBuffer key) {
        ByteBuffer copy = ByteBuffer.allocate(key.remaining());
        copy.put(key.duplicate());
        return copy.flip();
    }

    private interface BatchAtPosition {
        void accept(ByteBuffer batch, int position) throws IOException;
    }

    private static void forEachBatch(Segment segment, Consumer<ByteBuffer> action) throws IOException {
        forEachBatchAt(segment, (batch, position) -> action.accept(batch));
    }

    /** Reads each batch whole and checks its CRC: a corrupt batch stops the pass with its file and position. */
    private static void forEachBatchAt(Segment segment, BatchAtPosition action) throws IOException {
        int position = 0;
        while (position < segment.sizeBytes()) {
            ByteBuffer batch = segment.readBatch(position);
            int size = batch.remaining();
            try {
                io.herald.log.internal.BatchValidator.checkCrc(batch, 0, size);
            } catch (CorruptBatchException e) {
                throw new CorruptBatchException(e.getMessage(), segment.path(Segment.LOG_SUFFIX), position);
            }
            action.accept(batch, position);
            position += size;
        }
    }

    private static int lastBatchPosition(Segment segment) throws IOException {
        int[] last = {-1};
        forEachBatchAt(segment, (batch, position) -> last[0] = position);
        return last[0];
    }
}
