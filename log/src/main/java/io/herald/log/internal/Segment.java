package io.herald.log.internal;

import io.herald.log.CorruptBatchException;
import io.herald.log.TimestampOffset;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One segment of a partition log: {@code <20-digit base offset>.log} holding whole v2 batches back to back, exactly as
 * Kafka stores them, with its {@link OffsetIndex} ({@code .index}) and {@link TimeIndex} ({@code .timeindex}). A file
 * name may carry a state suffix: {@code .cleaned} (a compaction result being written), {@code .swap} (a compaction
 * result complete and flushed, about to replace the segments it covers) or {@code .deleted} (removed from the log,
 * kept until in-flight reads are done).
 *
 * <p>The file may be longer than its batches: {@link #preallocate} grows it ahead of the data with sparse space,
 * which reads as zeros. {@link #trimPreallocated} cuts that space on roll and close; when a crash leaves it, recovery
 * and the index rebuild recognise a tail of zeros as such (no batch starts with a zero length) and cut it, without
 * reporting damage.
 *
 * <p>Thread-safety: one writer (the partition's appender, holding the log's write lock) calls the mutating methods;
 * readers call {@link #findBatchPosition}, {@link #endOfWholeBatches}, {@link #findOffsetByTimestamp} and read the
 * channel with positional reads, which the JDK allows concurrently. Readers never look past a position the writer has
 * published through the log's high watermark.
 */
public final class Segment {
    public static final String LOG_SUFFIX = ".log";
    public static final String INDEX_SUFFIX = ".index";
    public static final String TIME_INDEX_SUFFIX = ".timeindex";
    public static final long NO_TIMESTAMP = -1;

    private final Path dir;
    private final long baseOffset;
    private final int indexIntervalBytes;
    private final FileChannel channel;
    private String stateSuffix;
    private OffsetIndex offsetIndex;
    private TimeIndex timeIndex;
    private volatile int sizeBytes;
    /** The file's length: {@link #sizeBytes} plus preallocated space. Changed by the writer only. */
    private long fileBytes;

    private volatile long nextOffset;
    private volatile long maxTimestamp = NO_TIMESTAMP;
    private final AtomicInteger forcedBytes = new AtomicInteger();
    private long offsetOfMaxTimestamp;
    private long rollingBasedTimestamp;
    private int bytesSinceLastIndexEntry;
    private boolean indexesDirty;

    private Segment(Path dir, long baseOffset, String stateSuffix, int indexIntervalBytes, FileChannel channel) {
        this.dir = dir;
        this.baseOffset = baseOffset;
        this.stateSuffix = stateSuffix;
        this.indexIntervalBytes = indexIntervalBytes;
        this.channel = channel;
        this.nextOffset = baseOffset;
        this.offsetOfMaxTimestamp = baseOffset;
        this.offsetIndex = new OffsetIndex(baseOffset);
        this.timeIndex = new TimeIndex(baseOffset);
    }

    public static String fileName(long baseOffset, String suffix) {
        return String.format("%020d%s", baseOffset, suffix);
    }

    /** Creates a new, empty segment; {@code stateSuffix} is "" for a live segment or ".cleaned" for a cleaner's. */
    public static Segment create(Path dir, long baseOffset, String stateSuffix, int indexIntervalBytes, long nowMs)
            throws IOException {
        Path file = dir.resolve(fileName(baseOffset, LOG_SUFFIX + stateSuffix));
        FileChannel channel = FileChannel.open(
                file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        Segment segment = new Segment(dir, baseOffset, stateSuffix, indexIntervalBytes, channel);
        segment.rollingBasedTimestamp = nowMs;
        segment.indexesDirty = true;
        return segment;
    }

    /**
     * Opens an existing segment trusting its indexes, as after a clean shutdown. Returns null (and closes what it
     * opened) when an index file of a non-empty segment is missing or the indexes or the batch headers do not agree
     * with the file, so the caller can rebuild them.
     */
    public static Segment openClean(Path dir, long baseOffset, String stateSuffix, int indexIntervalBytes)
            throws IOException {
        Segment segment = openChannel(dir, baseOffset, stateSuffix, indexIntervalBytes);
        OffsetIndex offsets = OffsetIndex.load(segment.path(INDEX_SUFFIX), baseOffset);
        TimeIndex times = TimeIndex.load(segment.path(TIME_INDEX_SUFFIX), baseOffset);
        long next = offsets == null ? -1 : segment.scanNextOffset(offsets.floorPosition(Long.MAX_VALUE));
        // A missing .index would load as an empty one, which is valid but would leave the segment unindexed for good.
        boolean indexFileLost = segment.sizeBytes > 0 && Files.notExists(segment.path(INDEX_SUFFIX));
        if (offsets == null
                || indexFileLost
                || times == null
                || next < 0
                || !offsets.isConsistentWith(segment.sizeBytes, next)
                || !times.isConsistentWith(next)
                || (segment.sizeBytes > 0 && times.entries() == 0)) {
            segment.channel.close();
            return null;
        }
        segment.offsetIndex = offsets;
        segment.timeIndex = times;
        segment.nextOffset = next;
        if (times.entries() > 0) {
            segment.maxTimestamp = times.lastTimestamp();
            segment.offsetOfMaxTimestamp = times.lastOffset();
        }
        segment.rollingBasedTimestamp = segment.firstBatchMaxTimestamp();
        return segment;
    }

    /** Opens a segment to be re-validated with {@link #recover}. */
    public static Segment openForRecovery(Path dir, long baseOffset, String stateSuffix, int indexIntervalBytes)
            throws IOException {
        return openChannel(dir, baseOffset, stateSuffix, indexIntervalBytes);
    }

    private static Segment openChannel(Path dir, long baseOffset, String stateSuffix, int indexIntervalBytes)
            throws IOException {
        Path file = dir.resolve(fileName(baseOffset, LOG_SUFFIX + stateSuffix));
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        Segment segment = new Segment(dir, baseOffset, stateSuffix, indexIntervalBytes, channel);
        long size = channel.size();
        if (size > Integer.MAX_VALUE) {
            channel.close();
            throw new CorruptBatchException("segment is " + size + " bytes, more than a segment can hold", file, 0);
        }
        segment.sizeBytes = (int) size;
        segment.fileBytes = size;
        return segment;
    }

    /**
     * Re-validates every batch (length, magic, CRC32C, offsets that only grow, and with {@code contiguous} no gaps),
     * truncates the file at the first batch that fails, and rebuilds both indexes. Only for a segment that may end in
     * a torn write: the last one after an unclean shutdown.
     *
     * @return what was cut, or null when the whole file was valid
     */
    public RecoveryResult recover(boolean contiguous) throws IOException {
        RecoveryResult failed = validate(contiguous);
        if (failed == null) return null;
        cutAt(failed.position());
        return failed;
    }

    private void cutAt(int position) throws IOException {
        channel.truncate(position);
        channel.force(true);
        fileBytes = position;
    }

    /**
     * Re-validates every batch as {@link #recover} does and rebuilds both indexes, for a segment whose bytes were all
     * forced to disk before (an inactive segment, a compaction result, any segment after a clean shutdown). A batch
     * that fails there is damage, not a torn write, so nothing is cut: cutting would hide every batch after it. Only
     * preallocated space is cut: a roll or close that trimmed it may not have reached the disk before a crash.
     *
     * @throws CorruptBatchException naming the file and the position of the first batch that fails
     */
    public void rebuildIndexes(boolean contiguous) throws IOException {
        RecoveryResult failed = validate(contiguous);
        if (failed != null && failed.preallocatedSpace()) {
            cutAt(failed.position());
        } else if (failed != null) {
            throw new CorruptBatchException(
                    "a segment that was forced to disk fails validation with " + failed.reason()
                            + "; the disk lost or changed flushed data, so the log does not open until the file is"
                            + " restored",
                    failed.file(),
                    failed.position());
        }
    }

    /** Scans and indexes the valid batches; the state covers them only, the file is not changed. */
    private RecoveryResult validate(boolean contiguous) throws IOException {
        offsetIndex = new OffsetIndex(baseOffset);
        timeIndex = new TimeIndex(baseOffset);
        maxTimestamp = NO_TIMESTAMP;
        offsetOfMaxTimestamp = baseOffset;
        bytesSinceLastIndexEntry = 0;
        long expectedOffset = baseOffset;
        int fileSize = (int) channel.size();
        int position = 0;
        String problem = null;
        ByteBuffer header = ByteBuffer.allocate(BatchHeader.HEADER_SIZE);
        ByteBuffer batch = ByteBuffer.allocate(64 * 1024);
        while (position < fileSize) {
            if (fileSize - position < BatchHeader.HEADER_SIZE) {
                problem = "a torn batch header (" + (fileSize - position) + " bytes)";
                break;
            }
            readFully(header.clear(), position);
            int size = BatchHeader.sizeInBytes(header, 0);
            if (size < BatchHeader.HEADER_SIZE || size > fileSize - position) {
                problem = "a batch length of " + size + " bytes with " + (fileSize - position) + " bytes left";
                break;
            }
            if (BatchHeader.magic(header, 0) != BatchHeader.MAGIC_V2) {
                problem = "magic " + BatchHeader.magic(header, 0);
                break;
            }
            long base = BatchHeader.baseOffset(header, 0);
            if (contiguous ? base != expectedOffset : base < expectedOffset) {
                problem = "base offset " + base + " where " + expectedOffset + " was expected";
                break;
            }
            if (BatchHeader.lastOffsetDelta(header, 0) < 0) {
                problem = "a negative last offset delta";
                break;
            }
            if (batch.capacity() < size) batch = ByteBuffer.allocate(size);
            readFully(batch.clear().limit(size), position);
            if (BatchHeader.storedCrc(batch, 0) != BatchHeader.computeCrc(batch, 0, size)) {
                problem = "a CRC32C mismatch";
                break;
            }
            long lastOffset = BatchHeader.lastOffset(batch, 0);
            indexBatch(position, size, lastOffset, BatchHeader.maxTimestamp(batch, 0));
            expectedOffset = lastOffset + 1;
            position += size;
        }
        nextOffset = expectedOffset;
        sizeBytes = position;
        rollingBasedTimestamp = firstBatchMaxTimestamp();
        indexesDirty = true;
        if (problem == null) return null;
        boolean zeros = zerosFrom(position, fileSize);
        if (zeros) problem = "preallocated space (zeros)";
        return new RecoveryResult(path(LOG_SUFFIX), position, fileSize - position, problem, zeros);
    }

    /** Whether every byte from {@code position} to {@code end} is zero: space preallocated, never written. */
    private boolean zerosFrom(int position, int end) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        for (int at = position; at < end; at += chunk.limit()) {
            readFully(chunk.clear().limit(Math.min(chunk.capacity(), end - at)), at);
            for (int i = 0; i < chunk.limit(); i++) {
                if (chunk.get(i) != 0) return false;
            }
        }
        return true;
    }

    /**
     * What recovery cut from a segment: the file, where, how many bytes and why.
     *
     * @param preallocatedSpace the cut bytes were all zeros: space {@link #preallocate} added and no write reached,
     *     not lost or damaged data
     */
    public record RecoveryResult(
            Path file, int position, int truncatedBytes, String reason, boolean preallocatedSpace) {}

    /**
     * Makes the file reach at least {@code bytes} past the data, growing it by at least {@code stepBytes} of sparse
     * space when it does not. An append that then lands inside the file's length changes no size, so its fdatasync
     * need not write the inode for one (a journal commit on ext4 with a journal, a synchronous inode write on the
     * benchmark machine's ext4 without one): there, a 170 B write and force took 0.15-0.24 ms at the median inside
     * the file against 0.22-0.31 ms growing it (bench/tools/ForceLatency.java).
     */
    public void preallocate(int bytes, int stepBytes) throws IOException {
        long needed = (long) sizeBytes + bytes;
        if (needed <= fileBytes) return;
        long length = Math.max(needed, fileBytes + stepBytes);
        // FileChannel cannot extend a file without writing: one zero byte at the new end leaves a hole before it.
        ByteBuffer lastByte = ByteBuffer.allocate(1);
        while (lastByte.hasRemaining()) channel.write(lastByte, length - 1);
        fileBytes = length;
    }

    /** Cuts the space {@link #preallocate} added past the data; the caller forces the file if it must be durable. */
    public void trimPreallocated() throws IOException {
        if (fileBytes <= sizeBytes) return;
        channel.truncate(sizeBytes);
        fileBytes = sizeBytes;
    }

    /** Appends one batch whose offsets are already assigned; returns its position in the file. */
    public int append(ByteBuffer batch, long lastOffset, long batchMaxTimestamp) throws IOException {
        int position = sizeBytes;
        int size = batch.remaining();
        ByteBuffer src = batch.duplicate();
        long at = position;
        while (src.hasRemaining()) at += channel.write(src, at);
        if (position == 0) rollingBasedTimestamp = batchMaxTimestamp;
        indexBatch(position, size, lastOffset, batchMaxTimestamp);
        nextOffset = lastOffset + 1;
        indexesDirty = true;
        sizeBytes = position + size;
        fileBytes = Math.max(fileBytes, sizeBytes);
        return position;
    }

    private void indexBatch(int position, int size, long lastOffset, long batchMaxTimestamp) {
        if (batchMaxTimestamp > maxTimestamp || maxTimestamp == NO_TIMESTAMP) {
            maxTimestamp = batchMaxTimestamp;
            offsetOfMaxTimestamp = lastOffset;
        }
        if (bytesSinceLastIndexEntry > indexIntervalBytes) {
            offsetIndex.append(lastOffset, position);
            timeIndex.maybeAppend(maxTimestamp, offsetOfMaxTimestamp);
            bytesSinceLastIndexEntry = 0;
        }
        bytesSinceLastIndexEntry += size;
    }

    /** Position of the first batch whose last offset is >= {@code offset}, below {@code limit}; -1 if none. */
    public int findBatchPosition(long offset, int limit) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(BatchHeader.HEADER_SIZE);
        int position = offsetIndex.floorPosition(offset);
        while (position < limit) {
            int size = readHeader(header, position, limit);
            if (BatchHeader.lastOffset(header, 0) >= offset) return position;
            position += size;
        }
        return -1;
    }

    /**
     * Reads the batch header at {@code position} into {@code header} and returns the batch's size. A length that
     * cannot be right (shorter than a header, or running past {@code limit}, which is always a batch boundary) means
     * the bytes on disk changed after they were written and checked: that is reported, never stepped over.
     */
    private int readHeader(ByteBuffer header, int position, int limit) throws IOException {
        readFully(header.clear(), position);
        int size = BatchHeader.sizeInBytes(header, 0);
        if (size < BatchHeader.HEADER_SIZE || size > limit - position) {
            throw new CorruptBatchException(
                    "batch length " + size + " where " + (limit - position) + " bytes of whole batches remain",
                    path(LOG_SUFFIX),
                    position);
        }
        return size;
    }

    /**
     * End of the run of whole batches that starts at {@code start}, stays below {@code limit} and within
     * {@code maxBytes}, or the end of the first batch when that one alone is larger than {@code maxBytes}.
     */
    public int endOfWholeBatches(int start, int maxBytes, int limit) throws IOException {
        long target = Math.min(limit, (long) start + maxBytes);
        int position = Math.max(start, offsetIndex.floorBatchPosition((int) target));
        ByteBuffer header = ByteBuffer.allocate(BatchHeader.HEADER_SIZE);
        while (position < limit) {
            int size = readHeader(header, position, limit);
            if (position + (long) size > target) {
                return position == start ? position + size : position;
            }
            position += size;
        }
        return position;
    }

    /**
     * First record at or after {@code timestamp} whose offset is at least {@code startingOffset} (the log start
     * offset, which may fall inside a batch), among the batches below {@code limit}, or null.
     */
    public TimestampOffset findOffsetByTimestamp(long timestamp, long startingOffset, int limit) throws IOException {
        int position = findBatchPosition(Math.max(timeIndex.floorOffsetBefore(timestamp), startingOffset), limit);
        if (position < 0) return null;
        ByteBuffer header = ByteBuffer.allocate(BatchHeader.HEADER_SIZE);
        while (position < limit) {
            int size = readHeader(header, position, limit);
            if (BatchHeader.maxTimestamp(header, 0) >= timestamp) {
                TimestampOffset found = firstRecordAtOrAfter(timestamp, startingOffset, position, size, header);
                if (found != null) return found;
            }
            position += size;
        }
        return null;
    }

    private TimestampOffset firstRecordAtOrAfter(
            long timestamp, long startingOffset, int position, int size, ByteBuffer header) throws IOException {
        if (BatchHeader.recordsCount(header, 0) == 0) return null;
        long base = BatchHeader.baseOffset(header, 0);
        long maxTs = BatchHeader.maxTimestamp(header, 0);
        // Compaction keeps batches it cannot decode whole, so their offsets have no gaps.
        if (!BatchRecords.canDecode(BatchHeader.compression(header, 0))) {
            return new TimestampOffset(maxTs, Math.max(base, startingOffset));
        }
        ByteBuffer batch = ByteBuffer.allocate(size);
        readFully(batch, position);
        boolean logAppendTime = BatchHeader.isLogAppendTime(header, 0);
        long baseTs = BatchHeader.baseTimestamp(batch, 0);
        // Records are decoded under LogAppendTime too: compaction may have removed some offsets of the batch.
        for (BatchRecords.Record r : BatchRecords.decode(batch, 0)) {
            long ts = logAppendTime ? maxTs : baseTs + r.timestampDelta();
            if (ts >= timestamp && base + r.offsetDelta() >= startingOffset) {
                return new TimestampOffset(ts, base + r.offsetDelta());
            }
        }
        return null;
    }

    /** Reads the whole batch starting at {@code position}. */
    public ByteBuffer readBatch(int position) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(BatchHeader.LOG_OVERHEAD);
        readFully(header, position);
        int size = BatchHeader.sizeInBytes(header, 0);
        if (size < BatchHeader.HEADER_SIZE || (long) position + size > sizeBytes) {
            throw new CorruptBatchException(
                    "batch length " + size + " runs past the segment end " + sizeBytes, path(LOG_SUFFIX), position);
        }
        ByteBuffer batch = ByteBuffer.allocate(size);
        readFully(batch, position);
        return batch.flip();
    }

    private long scanNextOffset(int fromPosition) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(BatchHeader.HEADER_SIZE);
        long next = baseOffset;
        int position = fromPosition;
        while (position < sizeBytes) {
            if (sizeBytes - position < BatchHeader.HEADER_SIZE) return -1;
            readFully(header.clear(), position);
            int size = BatchHeader.sizeInBytes(header, 0);
            if (size < BatchHeader.HEADER_SIZE || size > sizeBytes - position) return -1;
            next = BatchHeader.lastOffset(header, 0) + 1;
            position += size;
        }
        return next;
    }

    private long firstBatchMaxTimestamp() throws IOException {
        if (sizeBytes < BatchHeader.HEADER_SIZE) return NO_TIMESTAMP;
        ByteBuffer header = ByteBuffer.allocate(BatchHeader.HEADER_SIZE);
        readFully(header, 0);
        return BatchHeader.maxTimestamp(header, 0);
    }

    private void readFully(ByteBuffer into, long position) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int n = channel.read(into, at);
            if (n < 0) {
                throw new CorruptBatchException("unexpected end of segment", path(LOG_SUFFIX), position);
            }
            at += n;
        }
    }

    /** Forces the log file's data to disk (fdatasync). */
    public void flush() throws IOException {
        int size = sizeBytes;
        channel.force(false);
        forcedBytes.accumulateAndGet(size, Math::max);
    }

    /**
     * How many bytes from the start of the file a successful {@link #flush} has forced. Whoever closes a segment's
     * channel forces it first (a roll under {@code flush.policy=always}, a clean close, the removal of a segment whose
     * background force has not run yet), so a force that fails because it finds the channel closed is answered by
     * this.
     */
    public int forcedBytes() {
        return forcedBytes.get();
    }

    /**
     * Writes both index files (with a last time index entry for the largest timestamp, as Kafka does) and forces them.
     */
    public void writeIndexes() throws IOException {
        writeIndexes(true);
    }

    /**
     * Writes both index files as {@link #writeIndexes()} does, forcing them only when {@code force}: a roll under
     * {@code flush.policy=interval} leaves that to the background force of the rolled segment ({@link
     * #forceIndexes}).
     */
    public void writeIndexes(boolean force) throws IOException {
        if (!indexesDirty) return;
        if (maxTimestamp != NO_TIMESTAMP || sizeBytes > 0) timeIndex.maybeAppend(maxTimestamp, offsetOfMaxTimestamp);
        offsetIndex.writeTo(path(INDEX_SUFFIX), force);
        timeIndex.writeTo(path(TIME_INDEX_SUFFIX), force);
        indexesDirty = false;
    }

    /**
     * Forces the index files at {@code indexFiles} ({@link #indexPaths} taken while they had those names); a rename
     * meanwhile makes this fail with {@link java.nio.file.NoSuchFileException}.
     */
    public static void forceIndexes(List<Path> indexFiles) throws IOException {
        for (Path file : indexFiles) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
        }
    }

    /** The paths of the two index files under the current state suffix. */
    public List<Path> indexPaths() {
        return List.of(path(INDEX_SUFFIX), path(TIME_INDEX_SUFFIX));
    }

    /**
     * Renames the three files from the current state suffix to {@code newSuffix}, each with one atomic rename that
     * replaces a file already there, as Kafka does. A file replaced that way can only be a {@code .deleted} one of an
     * earlier segment with the same base offset (compaction keeps the first base offset of a group, so two passes
     * within {@code file.delete.delay.ms} both retire a {@code <base>.log}); that segment's open channel still reads
     * the replaced file.
     */
    public void changeStateSuffix(String newSuffix) throws IOException {
        for (String kind : List.of(INDEX_SUFFIX, TIME_INDEX_SUFFIX, LOG_SUFFIX)) {
            Path from = path(kind);
            if (Files.exists(from)) {
                Files.move(from, dir.resolve(fileName(baseOffset, kind + newSuffix)), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        stateSuffix = newSuffix;
    }

    /** Closes the channel and deletes the files, whatever their state suffix. */
    public void closeAndDelete() throws IOException {
        channel.close();
        for (String kind : List.of(LOG_SUFFIX, INDEX_SUFFIX, TIME_INDEX_SUFFIX)) Files.deleteIfExists(path(kind));
    }

    public void close() throws IOException {
        channel.close();
    }

    public Path path(String kind) {
        return dir.resolve(fileName(baseOffset, kind + stateSuffix));
    }

    public FileChannel channel() {
        return channel;
    }

    public long baseOffset() {
        return baseOffset;
    }

    public int sizeBytes() {
        return sizeBytes;
    }

    public long nextOffset() {
        return nextOffset;
    }

    public long maxTimestamp() {
        return maxTimestamp;
    }

    /** Timestamp that {@code segment.ms} counts from: the first batch's max timestamp, or creation time when empty. */
    public long rollingBasedTimestamp() {
        return rollingBasedTimestamp;
    }

    public boolean isEmpty() {
        return sizeBytes == 0;
    }

    @Override
    public String toString() {
        return path(LOG_SUFFIX).toString();
    }
}
