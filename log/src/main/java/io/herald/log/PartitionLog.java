package io.herald.log;

import io.herald.log.internal.BatchHeader;
import io.herald.log.internal.BatchValidator;
import io.herald.log.internal.OffsetCheckpointFile;
import io.herald.log.internal.Segment;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The log of one partition: a directory of {@link Segment}s in Kafka's format, appended by one writer and read by any
 * number of readers.
 *
 * <p><b>Offsets.</b> The log start offset is the first readable offset (moved by retention and {@link
 * #deleteRecordsBefore}); the log end offset is the next offset to assign; the high watermark is the end of what may
 * be read. Under {@code flush.policy=always} the high watermark is the end of what is on disk, so no reader ever sees
 * a batch that a crash could take back; under {@code interval} it is the log end offset.
 *
 * <p><b>Files.</b> Besides the segments: {@code log-start-offset.checkpoint} (the log start offset set by DeleteRecords),
 * {@code recovery-point.checkpoint} (the recovery point, see below), both decimal text replaced atomically, and {@code
 * .herald-clean-shutdown}, present only between a clean close and the next open.
 *
 * <p><b>Recovery point.</b> The offset below which every batch is known to be on disk ({@link RecoveryPoint}). A roll
 * queues the old segment for a force by the flush scheduler's roll flusher, which forces its data, its index files and
 * the directory; the recovery point then moves past it once every segment rolled before it is forced too, and the
 * checkpoint is rewritten. Under {@code flush.policy=always} the roll also forces the old segment itself first, as
 * every append to it was, so the background force finds nothing left; under {@code interval} the appender never
 * waits for a rolled segment to reach the disk. {@link #flush}, {@link #compact}, {@link #close} and the removal of a
 * segment force the segments still waiting themselves. Opening sets the recovery point to the log end offset.
 *
 * <p><b>Crash recovery.</b> After an unclean shutdown only segments at or above the checkpointed recovery point, and
 * the last segment, can hold torn or unflushed bytes. Opening without the clean-shutdown marker therefore re-validates
 * every batch of those (length, magic, CRC32C, contiguous offsets), truncates a segment at the first batch that fails
 * and deletes every segment after it, so that the log comes back as a prefix without gaps, logs file, position and
 * reason, and rebuilds their indexes (see {@link LogLoader}). Compaction rewrites only segments below the checkpointed
 * recovery point, so those re-validated never have gaps. The segments wholly below the recovery point open from their
 * indexes, and are re-validated and rebuilt too if those are missing or fail their sanity check. Their bytes were
 * flushed, so a batch that fails there is never cut: the open fails with a {@link CorruptBatchException} naming file
 * and position. A directory without the recovery point checkpoint, written before there was one, treats only its last
 * segment as unflushed, as then every roll forced the old segment. A compaction interrupted between its renames is
 * finished on open (see {@link LogCompactor}). If the checkpointed log start offset lies past the recovered log end
 * offset (under {@code interval}, DeleteRecords passed records the crash took back), the log start offset stands and
 * the log restarts empty there, as in Kafka.
 *
 * <p><b>Thread-safety.</b> {@code writeLock} serialises appends, rolls, retention, DeleteRecords, segment swaps and
 * close; it is not held across the force of {@link #flush}, which reads under it where the active segment ends and
 * forces after. {@code compactionLock} keeps compaction passes one at a time and is never taken under {@code
 * writeLock}. The recovery point has its own locks (see {@link RecoveryPoint}); the roll flusher thread calls {@link
 * #forceRolled} without {@code writeLock}. Reads take no lock: the segment map is concurrent, and the high watermark
 * and log start offset are published through volatile fields after the bytes they cover are written.
 */
public final class PartitionLog implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PartitionLog.class.getName());
    static final String CLEAN_SHUTDOWN_FILE = ".herald-clean-shutdown";
    static final String LOG_START_OFFSET_FILE = "log-start-offset.checkpoint";
    static final String DELETED_SUFFIX = ".deleted";

    /** A readable end: an offset and the segment position where the batch holding it ends. */
    record LogPosition(long offset, long segmentBaseOffset, int position) {}

    private record PendingDeletion(Segment segment, long deleteAtMs) {}

    private final Path dir;
    private final Clock clock;
    private final FlushScheduler flusher;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReentrantLock compactionLock = new ReentrantLock();
    private final ConcurrentSkipListMap<Long, Segment> segments;
    private final AtomicReference<LogPosition> highWatermark;
    private final List<PendingDeletion> pendingDeletions = new ArrayList<>();
    private final RecoveryPoint recoveryPoint;
    private volatile LogConfig config;
    private volatile Segment active;
    private volatile long logStartOffset;
    private volatile StorageException failure;
    private long recordsSinceFlush;
    private long lastFlushMs;
    private volatile long cleanBytes;
    private volatile boolean closed;

    private PartitionLog(
            Path dir,
            LogConfig config,
            FlushScheduler flusher,
            Clock clock,
            ConcurrentSkipListMap<Long, Segment> segments,
            long logStartOffset,
            RecoveryPoint recoveryPoint) {
        this.dir = dir;
        this.recoveryPoint = recoveryPoint;
        this.config = config;
        this.flusher = flusher;
        this.clock = clock;
        this.segments = segments;
        this.active = segments.lastEntry().getValue();
        this.logStartOffset = logStartOffset;
        this.lastFlushMs = clock.millis();
        long end = active.nextOffset();
        this.highWatermark = new AtomicReference<>(new LogPosition(end, active.baseOffset(), active.sizeBytes()));
        if (config.flushPolicy() == FlushPolicy.INTERVAL) flusher.register(this);
    }

    /**
     * Opens the log in {@code dir}, creating the directory and a first segment when there is none, and recovering it
     * when the last close was not clean.
     */
    public static PartitionLog open(Path dir, LogConfig config, FlushScheduler flusher, Clock clock) {
        try {
            Files.createDirectories(dir);
            Path marker = dir.resolve(CLEAN_SHUTDOWN_FILE);
            boolean clean = Files.exists(marker);
            ConcurrentSkipListMap<Long, Segment> segments =
                    LogLoader.load(dir, config.indexIntervalBytes(), clean, RecoveryPoint.read(dir), clock.millis());
            long checkpointed = readLogStartOffset(dir);
            if (checkpointed > segments.lastEntry().getValue().nextOffset()) {
                segments =
                        LogLoader.restartAt(dir, segments, checkpointed, config.indexIntervalBytes(), clock.millis());
            }
            long start = Math.max(segments.firstKey(), checkpointed);
            Files.deleteIfExists(marker);
            fsyncDirectory(dir);
            // Loading left every segment on disk: clean ones were forced at close, re-validated ones by recovery.
            RecoveryPoint recoveryPoint =
                    RecoveryPoint.openAt(dir, segments.lastEntry().getValue().nextOffset());
            return new PartitionLog(dir, config, flusher, clock, segments, start, recoveryPoint);
        } catch (IOException e) {
            throw new StorageException("cannot open the partition log in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Validates {@code batch} (one whole v2 batch from its position to its limit), assigns its offsets by writing the
     * base offset into its header, stamps it under {@code LogAppendTime}, and appends it. The buffer's bytes are
     * changed in place. Wait on {@link AppendResult#durable()} before acknowledging it.
     */
    public AppendResult append(ByteBuffer batch) {
        LogConfig cfg = config;
        BatchValidator.validateProduced(batch, cfg.maxMessageBytes());
        int start = batch.position();
        int size = batch.remaining();
        if (size > cfg.segmentBytes()) {
            throw new RecordTooLargeException("record batch is " + size + " bytes, larger than segment.bytes="
                    + cfg.segmentBytes() + "; raise segment.bytes or send smaller batches");
        }
        writeLock.lock();
        try {
            ensureWritable();
            long now = clock.millis();
            long batchTimestamp = cfg.logAppendTime() ? now : BatchHeader.maxTimestamp(batch, start);
            maybeRoll(size, BatchHeader.lastOffsetDelta(batch, start), batchTimestamp);
            long baseOffset = active.nextOffset();
            batch.putLong(start + BatchHeader.BASE_OFFSET, baseOffset);
            long appendTime = -1;
            if (cfg.logAppendTime()) {
                appendTime = now;
                int attributes = BatchHeader.attributes(batch, start) | BatchHeader.LOG_APPEND_TIME_FLAG;
                batch.putShort(start + BatchHeader.ATTRIBUTES, (short) attributes);
                batch.putLong(start + BatchHeader.MAX_TIMESTAMP, now);
                BatchHeader.writeCrc(batch, start, size);
            }
            long lastOffset = BatchHeader.lastOffset(batch, start);
            Segment segment = active;
            int position;
            try {
                if (cfg.preallocate()) {
                    segment.preallocate(size, Math.min(LogConfig.PREALLOCATION_STEP_BYTES, cfg.segmentBytes()));
                }
                position = segment.append(batch, lastOffset, BatchHeader.maxTimestamp(batch, start));
            } catch (IOException e) {
                throw fail("write to " + segment + " failed", e);
            }
            CompletableFuture<Void> durable =
                    afterWrite(segment, lastOffset + 1, position + size, BatchHeader.recordsCount(batch, start), now);
            return new AppendResult(baseOffset, lastOffset, appendTime, durable);
        } finally {
            writeLock.unlock();
        }
    }

    private CompletableFuture<Void> afterWrite(
            Segment segment, long endOffset, int endPosition, int records, long now) {
        LogConfig cfg = config;
        if (cfg.flushPolicy() == FlushPolicy.ALWAYS) {
            return flusher.requestFlush(this, segment, endOffset, endPosition);
        }
        advanceHighWatermark(new LogPosition(endOffset, segment.baseOffset(), endPosition));
        recordsSinceFlush += records;
        if (recordsSinceFlush >= cfg.flushMessages() || now - lastFlushMs >= cfg.flushMs()) {
            recordsSinceFlush = 0;
            lastFlushMs = now;
            flusher.requestFlush(this, segment, endOffset, endPosition);
        }
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Rolls when the batch would not fit, when its offsets would overflow the segment's relative offsets, or when
     * {@code segment.ms} lies between the segment's first batch and this one, both by record timestamps as in Kafka:
     * a producer replaying old timestamps does not roll a segment per batch, and {@code segment.ms} measures the time
     * the segment's records span.
     */
    private void maybeRoll(int batchSize, int lastOffsetDelta, long batchTimestamp) {
        Segment seg = active;
        if (seg.isEmpty()) return;
        LogConfig cfg = config;
        boolean full = (long) seg.sizeBytes() + batchSize > cfg.segmentBytes();
        boolean old = batchTimestamp - seg.rollingBasedTimestamp() > cfg.segmentMs();
        boolean offsetsOverflow = seg.nextOffset() + lastOffsetDelta - seg.baseOffset() > Integer.MAX_VALUE;
        if (full || old || offsetsOverflow) rollLocked();
    }

    /**
     * Starts a new active segment at the log end offset. Under {@code flush.policy=always} the old one and its indexes
     * are forced first; under {@code interval} the flush scheduler forces them in the background.
     */
    public void roll() {
        writeLock.lock();
        try {
            ensureWritable();
            if (!active.isEmpty()) rollLocked();
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Under {@code always} the old segment is forced here, as every append to it was: the high watermark, the end of
     * what is on disk, can then move to the new segment. Under {@code interval} forcing here would make the append
     * that triggered the roll wait for a whole segment to reach the disk, so the old segment joins the recovery point's
     * queue and the flush scheduler forces it, its indexes and the directory in the background (see {@link
     * #forceRolled}); until then recovery treats it as unflushed. Both policies go through that queue, so the
     * recovery point moves the same way; under {@code always} the background force finds nothing left to write.
     */
    private void rollLocked() {
        Segment old = active;
        boolean always = config.flushPolicy() == FlushPolicy.ALWAYS;
        try {
            // Under interval the background force of the rolled segment makes the shorter length durable.
            old.trimPreallocated();
            if (always) old.flush();
            old.writeIndexes(always);
            Segment next = Segment.create(dir, old.nextOffset(), "", config.indexIntervalBytes(), clock.millis());
            if (always) fsyncDirectory(dir);
            segments.put(next.baseOffset(), next);
            active = next;
            // Under always the old segment is on disk; under interval the high watermark is the log end offset anyway.
            advanceHighWatermark(new LogPosition(next.baseOffset(), next.baseOffset(), 0));
        } catch (IOException e) {
            throw fail("rolling " + old + " failed", e);
        }
        recoveryPoint.onRolled(old, old.nextOffset());
        flusher.requestRolledSegmentForce(this, old);
    }

    /**
     * Makes a rolled segment durable, then moves the recovery point over it once every segment rolled before it is
     * durable too, and writes the checkpoint when it moved. Durable means its data, its index files (so that recovery
     * opens it from them) and the directory, which holds the entry of the segment created by its roll. Runs on the
     * flush scheduler's roll flusher; {@link #flush}, {@link #close} and the removal of a segment run it themselves
     * for a segment whose turn has not come, and then the background run finds nothing to do.
     *
     * @throws StorageException when a force or the checkpoint write fails; the log then takes no more writes
     */
    void forceRolled(Segment segment) {
        RecoveryPoint.Rolled rolled = recoveryPoint.unforced(segment);
        if (rolled == null) return;
        try {
            forceFiles(rolled);
        } catch (IOException e) {
            // A close or a removal forced the segment meanwhile, then closed or renamed its files.
            if (recoveryPoint.unforced(segment) == null || closed) return;
            throw fail("forcing the rolled segment " + segment + " failed", e);
        }
        long moved = recoveryPoint.onForced(segment);
        if (moved < 0) return;
        try {
            recoveryPoint.checkpoint(moved);
        } catch (IOException e) {
            if (closed) return;
            throw fail("writing " + RecoveryPoint.FILE + " failed", e);
        }
    }

    /**
     * Whole batches from the first one holding {@code offset}, up to {@code maxBytes} (but always one batch, however
     * large), never past the high watermark.
     *
     * @throws OffsetOutOfRangeException when {@code offset} is below the log start offset or above the log end offset
     */
    public LogReadResult read(long offset, int maxBytes) {
        long start = logStartOffset;
        LogPosition hw = highWatermark.get();
        long end = active.nextOffset();
        if (offset < start || offset > end) throw new OffsetOutOfRangeException(offset, start, end);
        List<FileRegion> regions = new ArrayList<>();
        if (offset < hw.offset()) {
            try {
                collectRegions(offset, maxBytes, hw, regions);
            } catch (IOException e) {
                throw new StorageException("reading offset " + offset + " from " + dir + " failed", e);
            }
        }
        return new LogReadResult(List.copyOf(regions), hw.offset(), start, end);
    }

    private void collectRegions(long offset, int maxBytes, LogPosition hw, List<FileRegion> regions)
            throws IOException {
        long next = offset;
        long remaining = maxBytes;
        Map.Entry<Long, Segment> entry = segments.floorEntry(next);
        if (entry == null) entry = segments.firstEntry();
        while (entry != null) {
            Segment segment = entry.getValue();
            if (segment.baseOffset() > hw.segmentBaseOffset()) break;
            int limit = segment.baseOffset() == hw.segmentBaseOffset() ? hw.position() : segment.sizeBytes();
            int position = segment.findBatchPosition(next, limit);
            if (position >= 0) {
                int cap = (int) Math.min(Integer.MAX_VALUE, Math.max(remaining, 0));
                int endPosition = segment.endOfWholeBatches(position, cap, limit);
                if (!regions.isEmpty() && endPosition - position > remaining) break;
                regions.add(new FileRegion(segment.channel(), position, endPosition - position));
                remaining -= endPosition - position;
                if (remaining <= 0 || endPosition < limit) break;
            }
            next = Math.max(next, segment.nextOffset());
            entry = segmentHolding(next, segment);
        }
    }

    /**
     * The segment to go on reading at {@code next} after {@code previous}. Looked up by offset rather than by walking
     * the map, because a compaction swap may have replaced the following segments meanwhile: then the lookup lands in
     * the cleaned segment (whose base offset is lower) at the right batch, where walking the map would skip it.
     */
    private Map.Entry<Long, Segment> segmentHolding(long next, Segment previous) {
        Map.Entry<Long, Segment> floor = segments.floorEntry(next);
        if (floor != null && floor.getValue() != previous) return floor;
        return segments.higherEntry(previous.baseOffset());
    }

    /**
     * The first record whose timestamp is >= {@code timestamp}, at or above the log start offset (which may lie inside
     * a batch) and below the high watermark, as Kafka's ListOffsets answers it.
     */
    public Optional<TimestampOffset> offsetForTimestamp(long timestamp) {
        LogPosition hw = highWatermark.get();
        long start = logStartOffset;
        try {
            for (Segment segment : segments.values()) {
                if (segment.baseOffset() > hw.segmentBaseOffset()) break;
                if (segment.maxTimestamp() < timestamp) continue;
                int limit = segment.baseOffset() == hw.segmentBaseOffset() ? hw.position() : segment.sizeBytes();
                TimestampOffset found = segment.findOffsetByTimestamp(timestamp, start, limit);
                if (found != null) return Optional.of(found);
            }
        } catch (IOException e) {
            throw new StorageException("timestamp lookup in " + dir + " failed", e);
        }
        return Optional.empty();
    }

    /**
     * The first record carrying the largest timestamp in the log, as Kafka's ListOffsets answers {@code
     * MAX_TIMESTAMP} (-3), or empty when the log holds no readable record.
     */
    public Optional<TimestampOffset> offsetOfMaxTimestamp() {
        LogPosition hw = highWatermark.get();
        long maxTimestamp = -1;
        for (Segment segment : segments.values()) {
            if (segment.baseOffset() > hw.segmentBaseOffset()) break;
            maxTimestamp = Math.max(maxTimestamp, segment.maxTimestamp());
        }
        return maxTimestamp < 0 ? Optional.empty() : offsetForTimestamp(maxTimestamp);
    }

    /**
     * Moves the log start offset up to {@code offset} (DeleteRecords) and removes the segments wholly below it. The
     * new start survives restarts. Returns the log start offset after the call.
     */
    public long deleteRecordsBefore(long offset) {
        writeLock.lock();
        try {
            ensureWritable();
            long hw = highWatermark.get().offset();
            if (offset > hw) {
                throw new OffsetOutOfRangeException(offset, logStartOffset, hw + 1);
            }
            if (offset <= logStartOffset) return logStartOffset;
            writeLogStartOffset(offset);
            logStartOffset = offset;
            deleteSegmentsBelowLogStart(clock.millis());
            return logStartOffset;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Applies retention: segments older than {@code retention.ms}, the oldest segments while the log is larger than
     * {@code retention.bytes} (both only under {@code cleanup.policy} delete), and segments below the log start
     * offset. Also deletes the files of segments removed at least {@code file.delete.delay.ms} ago. Returns the number
     * of segments removed.
     */
    public int deleteExpiredSegments() {
        writeLock.lock();
        try {
            if (closed) return 0;
            long now = clock.millis();
            int removed = 0;
            LogConfig cfg = config;
            if (cfg.cleanupDelete() && failure == null) {
                removed += deleteByTime(cfg, now);
                removed += deleteBySize(cfg, now);
            }
            removed += deleteSegmentsBelowLogStart(now);
            deletePendingFiles(now);
            return removed;
        } finally {
            writeLock.unlock();
        }
    }

    private int deleteByTime(LogConfig cfg, long now) {
        if (cfg.retentionMs() < 0) return 0;
        List<Segment> expired = new ArrayList<>();
        for (Segment s : segments.values()) {
            if (s.isEmpty() || now - s.maxTimestamp() <= cfg.retentionMs()) break;
            expired.add(s);
        }
        if (expired.isEmpty()) return 0;
        if (expired.getLast() == active) rollLocked();
        for (Segment s : expired) removeSegment(s, now);
        return expired.size();
    }

    private int deleteBySize(LogConfig cfg, long now) {
        if (cfg.retentionBytes() < 0) return 0;
        long excess = segments.values().stream().mapToLong(Segment::sizeBytes).sum() - cfg.retentionBytes();
        int removed = 0;
        for (Segment s : List.copyOf(segments.values())) {
            if (s == active || excess - s.sizeBytes() < 0) break;
            excess -= s.sizeBytes();
            removeSegment(s, now);
            removed++;
        }
        return removed;
    }

    private int deleteSegmentsBelowLogStart(long now) {
        int removed = 0;
        for (Segment s : List.copyOf(segments.values())) {
            if (s == active || s.nextOffset() > logStartOffset) break;
            Map.Entry<Long, Segment> next = segments.higherEntry(s.baseOffset());
            if (next == null || next.getKey() > logStartOffset) break;
            removeSegment(s, now);
            removed++;
        }
        return removed;
    }

    /**
     * Takes a segment out of the map and renames its files; they are deleted after {@code file.delete.delay.ms}. A
     * segment still waiting for its background force is forced first: the rename is not forced, so a crash may bring
     * the segment back, and it must then be whole.
     */
    private void removeSegment(Segment segment, long now) {
        forceRolled(segment);
        segments.remove(segment.baseOffset());
        logStartOffset = Math.max(logStartOffset, segments.firstKey());
        try {
            segment.changeStateSuffix(DELETED_SUFFIX);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "renaming removed segment " + segment + " failed", e);
        }
        pendingDeletions.add(new PendingDeletion(segment, now + config.fileDeleteDelayMs()));
    }

    private void deletePendingFiles(long now) {
        pendingDeletions.removeIf(p -> {
            if (p.deleteAtMs() > now) return false;
            try {
                p.segment().closeAndDelete();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "deleting " + p.segment() + " failed", e);
            }
            return true;
        });
    }

    private void forceFiles(RecoveryPoint.Rolled rolled) throws IOException {
        rolled.segment().flush();
        Segment.forceIndexes(rolled.indexFiles());
        fsyncDirectory(dir);
    }

    /**
     * Forces every appended batch to disk now, whatever the policy: the rolled segments whose background force has
     * not completed, then the active segment. The forces run without the write lock, so appends go on meanwhile.
     * When it returns, {@code recovery-point.checkpoint} covers every segment rolled before the call.
     */
    public void flush() {
        forceRolledSegments();
        flushActive();
    }

    private void forceRolledSegments() {
        for (RecoveryPoint.Rolled r : recoveryPoint.unforced()) forceRolled(r.segment());
        // The roll flusher may have forced the last of them just before and still be writing the checkpoint: wait for
        // that write, so that afterwards the file covers every segment rolled before this call.
        try {
            recoveryPoint.checkpoint(recoveryPoint.offset());
        } catch (IOException e) {
            if (!closed) throw fail("writing " + RecoveryPoint.FILE + " failed", e);
        }
    }

    /**
     * Forces the active segment as far as it is written now. The write lock is held only to read where that is: a
     * roll meanwhile leaves the segment open until its background force ran, and whoever closes it first (a clean
     * close, a removal) forces it, so a force that finds the channel closed is answered by {@link
     * Segment#forcedBytes}, as in the flush scheduler.
     */
    private void flushActive() {
        Segment seg;
        int size;
        long end;
        writeLock.lock();
        try {
            ensureWritable();
            seg = active;
            size = seg.sizeBytes();
            end = seg.nextOffset();
            recordsSinceFlush = 0;
            lastFlushMs = clock.millis();
        } finally {
            writeLock.unlock();
        }
        try {
            seg.flush();
        } catch (ClosedChannelException e) {
            if (seg.forcedBytes() < size) throw fail("flushing " + seg + " failed", e);
        } catch (IOException e) {
            throw fail("flushing " + seg + " failed", e);
        }
        advanceHighWatermark(new LogPosition(end, seg.baseOffset(), size));
    }

    /**
     * The {@code flush.ms} check of the flush scheduler's loop. It forces only the active segment: rolled segments
     * are the roll flusher's, and forcing them here would keep the loop, and the group commit of {@code always} logs,
     * waiting for whole segments.
     */
    void flushIfDue(long now) {
        if (config.flushPolicy() != FlushPolicy.INTERVAL || now - lastFlushMs < config.flushMs()) return;
        if (!writeLock.tryLock()) return;
        boolean due;
        try {
            due = !closed && failure == null && recordsSinceFlush > 0 && now - lastFlushMs >= config.flushMs();
        } finally {
            writeLock.unlock();
        }
        if (due) flushActive();
    }

    /** Called by the flusher once {@code segment} is forced up to {@code position}. */
    void onDurable(Segment segment, long offset, int position) {
        advanceHighWatermark(new LogPosition(offset, segment.baseOffset(), position));
    }

    StorageException onFlushFailed(Segment segment, IOException cause) {
        return fail("fsync of " + segment + " failed", cause);
    }

    /**
     * Moves the high watermark to {@code candidate} if that is further on. At equal offsets the later segment wins: a
     * roll moves the position to the start of the new active segment, so the high watermark never keeps a position
     * in an inactive segment, which compaction may replace by a smaller one with the same base offset, leaving the
     * recorded position past that segment's end.
     */
    private void advanceHighWatermark(LogPosition candidate) {
        highWatermark.accumulateAndGet(candidate, (cur, c) -> {
            boolean further = c.offset() > cur.offset()
                    || (c.offset() == cur.offset() && c.segmentBaseOffset() > cur.segmentBaseOffset());
            return further ? c : cur;
        });
    }

    private StorageException fail(String what, IOException cause) {
        StorageException e = new StorageException(
                what + "; the log in " + dir + " accepts no more writes until it is reopened: " + cause.getMessage(),
                cause);
        if (failure == null) failure = e;
        LOG.log(System.Logger.Level.ERROR, e.getMessage(), cause);
        return e;
    }

    private void ensureWritable() {
        if (closed) throw new StorageException("the log in " + dir + " is closed");
        if (failure != null) throw failure;
    }

    /** Applies a new configuration (AlterConfigs); it takes effect from the next append. */
    public void updateConfig(LogConfig newConfig) {
        writeLock.lock();
        try {
            config = newConfig;
            if (newConfig.flushPolicy() == FlushPolicy.INTERVAL) flusher.register(this);
            else flusher.unregister(this);
        } finally {
            writeLock.unlock();
        }
    }

    /** Flushes everything, writes the indexes and the clean-shutdown marker, and closes the files. */
    @Override
    public void close() {
        writeLock.lock();
        try {
            if (closed) return;
            flusher.unregister(this);
            closed = true;
            if (failure == null) {
                for (RecoveryPoint.Rolled r : recoveryPoint.unforced()) forceFiles(r);
                active.trimPreallocated();
                active.flush();
                active.writeIndexes();
                recoveryPoint.close(active.nextOffset());
                Files.write(dir.resolve(CLEAN_SHUTDOWN_FILE), new byte[0]);
                fsyncDirectory(dir);
            } else {
                recoveryPoint.close(-1);
            }
            for (Segment s : segments.values()) s.close();
            for (PendingDeletion p : pendingDeletions) p.segment().closeAndDelete();
            pendingDeletions.clear();
        } catch (IOException e) {
            throw new StorageException("closing the log in " + dir + " failed: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    // ---- used by LogCompactor ----

    /** All segments but the active one, in offset order. */
    List<Segment> inactiveSegments() {
        return List.copyOf(segments.headMap(active.baseOffset()).values());
    }

    /**
     * The segments compaction may rewrite, in offset order: the inactive ones wholly below the checkpointed recovery
     * point. A compacted segment has gaps in its offsets; keeping them below the recovery point lets recovery check
     * every segment it re-validates for contiguous offsets, which catches a torn base offset (the CRC does not cover
     * it).
     */
    List<Segment> compactableSegments() {
        long limit = Math.min(active.baseOffset(), recoveryPoint.checkpointed());
        Long holding = segments.floorKey(limit);
        long end = holding == null ? limit : holding;
        // min.compaction.lag.ms: stop at the first segment holding a record younger than the lag, as Kafka's cleaner
        // does, so that the segments compacted are still a prefix of the log.
        long newestAllowed = clock.millis() - config.minCompactionLagMs();
        List<Segment> compactable = new ArrayList<>();
        for (Segment segment : segments.headMap(end).values()) {
            if (config.minCompactionLagMs() > 0 && segment.maxTimestamp() > newestAllowed) break;
            compactable.add(segment);
        }
        return compactable;
    }

    /**
     * Replaces {@code group} (consecutive segments) with {@code cleaned}, already complete under the {@code .swap}
     * suffix. Returns false, and changes nothing, if retention removed any of them meanwhile.
     *
     * @throws StorageException when a rename or the directory fsync fails half-way; the log then takes no more writes,
     *     and reopening it finishes the swap from the {@code .swap} files, which the caller must leave in place
     */
    boolean replaceSegments(List<Segment> group, Segment cleaned) {
        writeLock.lock();
        try {
            if (closed) return false;
            for (Segment s : group) {
                if (segments.get(s.baseOffset()) != s) return false;
            }
            long now = clock.millis();
            for (Segment s : group) forceRolled(s);
            try {
                for (Segment s : group) s.changeStateSuffix(DELETED_SUFFIX);
                cleaned.changeStateSuffix("");
                fsyncDirectory(dir);
            } catch (IOException e) {
                throw fail(
                        "swapping the compacted " + cleaned + " into the log failed; reopening finishes the swap", e);
            }
            // Readers take no lock, so the map never shows a hole: the cleaned segment has the group's first base
            // offset and replaces that segment in one put; the others go after it (see segmentHolding).
            segments.put(cleaned.baseOffset(), cleaned);
            for (Segment s : group.subList(1, group.size())) segments.remove(s.baseOffset());
            for (Segment s : group) pendingDeletions.add(new PendingDeletion(s, now + config.fileDeleteDelayMs()));
            return true;
        } finally {
            writeLock.unlock();
        }
    }

    /** True when the uncompacted share of the inactive segments reached {@code min.cleanable.dirty.ratio}. */
    boolean needsCompaction() {
        LogConfig cfg = config;
        if (!cfg.cleanupCompact() || closed || failure != null) return false;
        // All inactive segments: compact() forces the rolled ones that wait for their background force first.
        long total = inactiveSegments().stream().mapToLong(Segment::sizeBytes).sum();
        if (total == 0) return false;
        double dirty = (double) (total - Math.min(cleanBytes, total)) / total;
        return dirty > 0 && dirty >= cfg.minCleanableDirtyRatio();
    }

    void onCompacted(long bytesAfterCleaning) {
        cleanBytes = bytesAfterCleaning;
    }

    /**
     * Compacts the inactive segments now: keeps the latest record of each key, drops tombstones older than
     * {@code delete.retention.ms}, never reorders. Appends and reads continue while it runs. Does nothing unless
     * {@code cleanup.policy} contains {@code compact}: compaction drops keyless records, which is most of a delete log.
     */
    public CompactionStats compact() {
        LogConfig cfg = config;
        if (!cfg.cleanupCompact()) return CompactionStats.NOTHING;
        compactionLock.lock();
        try {
            // The rolled segments waiting for their background force would be left out (see compactableSegments).
            forceRolledSegments();
            recoveryPoint.checkpoint(recoveryPoint.offset());
            return new LogCompactor(this, dir, cfg, clock).compact();
        } catch (IOException e) {
            throw new StorageException("compacting the log in " + dir + " failed: " + e.getMessage(), e);
        } finally {
            compactionLock.unlock();
        }
    }

    // ---- offsets and files ----

    public long logStartOffset() {
        return logStartOffset;
    }

    public long logEndOffset() {
        return active.nextOffset();
    }

    public long highWatermark() {
        return highWatermark.get().offset();
    }

    public LogConfig config() {
        return config;
    }

    public Path dir() {
        return dir;
    }

    /** Number of segments, for tests and metrics. */
    public int segmentCount() {
        return segments.size();
    }

    /** The base offset of the active segment: it changes exactly when the log rolls. Constant time, lock-free. */
    public long activeSegmentBaseOffset() {
        return active.baseOffset();
    }

    /** Total bytes in the segments. */
    public long sizeInBytes() {
        return segments.values().stream().mapToLong(Segment::sizeBytes).sum();
    }

    @Override
    public String toString() {
        return "PartitionLog(" + dir + ")";
    }

    // ---- for tests ----

    /** The offset below which every batch is known to be on disk. */
    long recoveryPoint() {
        return recoveryPoint.offset();
    }

    /** How many bytes of the segment at {@code baseOffset} are known to be forced, or -1 when there is none. */
    int forcedBytes(long baseOffset) {
        Segment s = segments.get(baseOffset);
        return s == null ? -1 : s.forcedBytes();
    }

    private static long readLogStartOffset(Path dir) throws IOException {
        OptionalLong offset = OffsetCheckpointFile.read(dir.resolve(LOG_START_OFFSET_FILE));
        return offset.orElse(0);
    }

    private void writeLogStartOffset(long offset) {
        try {
            OffsetCheckpointFile.write(dir.resolve(LOG_START_OFFSET_FILE), offset);
        } catch (IOException e) {
            throw fail("writing " + LOG_START_OFFSET_FILE + " failed", e);
        }
    }

    static void fsyncDirectory(Path dir) throws IOException {
        OffsetCheckpointFile.fsyncDirectory(dir);
    }
}
