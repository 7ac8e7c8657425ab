package io.herald.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.log.CrashedLogDir.SegmentFile;
import io.herald.log.CrashedLogDir.StoredBatch;
import io.herald.log.LogModel.Batch;
import io.herald.log.LogModel.Rec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.compress.Compression;

/**
 * A {@link PartitionLog} driven in step with a {@link LogModel}: each {@link LogAction} is applied to both, and every
 * read, offset, lookup and segment file is checked against the model. Owns one temporary directory, a manual clock and
 * a flush scheduler; {@link #close} removes them. Single-threaded apart from the scheduler's fsync threads. The
 * scheduler's background forces of rolled segments are held, and run only at {@link LogAction.ForceRolledSegments}, so
 * that the recovery point a crash finds is known.
 */
final class ModelCheckedLog implements AutoCloseable {
    private final Path root;
    private final ManualClock clock = new ManualClock(LogFixture.START_MS);
    private final FlushScheduler flusher = new FlushScheduler(clock, 10);
    private final LogConfig config;
    private final LogModel model;
    private final ModelCheckedReads reads;
    private final Map<Integer, Integer> nextSequence = new HashMap<>();
    private Path dir;
    private PartitionLog log;
    private int crashes;

    ModelCheckedLog(LogConfig config) throws IOException {
        this.config = config;
        this.model = new LogModel(config);
        this.reads = new ModelCheckedReads(model);
        this.root = createRoot();
        this.dir = root.resolve("log");
        this.log = PartitionLog.open(dir, config, flusher, clock);
        flusher.holdRolledSegmentForces();
    }

    /**
     * A temporary directory on tmpfs when the machine has one: the properties check semantics, not the disk, and a run
     * makes thousands of fsyncs. Crashes are simulated by copying files, so tmpfs loses nothing they need.
     */
    private static Path createRoot() throws IOException {
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) return Files.createTempDirectory(shm, "herald-log-prop");
        return Files.createTempDirectory("herald-log-prop");
    }

    void apply(LogAction action) throws IOException {
        switch (action) {
            case LogAction.Append a -> append(a);
            case LogAction.Read r -> read(r);
            case LogAction.ReadOutOfRange r -> readOutOfRange(r.belowStart());
            case LogAction.Roll r -> roll();
            case LogAction.AdvanceClock a -> clock.advance(a.ms());
            case LogAction.DeleteExpired d -> deleteExpired();
            case LogAction.DeleteRecords d -> deleteRecords(d);
            case LogAction.Compact c -> compact();
            case LogAction.OffsetForTimestamp o -> offsetForTimestamp(o);
            case LogAction.Flush f -> flush();
            case LogAction.ForceRolledSegments f -> {
                flusher.releaseRolledSegmentForces();
                flusher.holdRolledSegmentForces();
            }
            case LogAction.Reopen r -> reopen();
            case LogAction.Crash c -> crash(c);
            case LogAction.CrashDuringCompaction c -> crashDuringCompaction(c.stage());
        }
        checkOffsets();
    }

    // ---- appends ----

    private void append(LogAction.Append a) throws IOException {
        long now = clock.millis();
        long base = model.logEndOffset;
        List<TestBatches.KV> kvs = new ArrayList<>();
        for (int i = 0; i < a.records().size(); i++) {
            LogAction.NewRecord n = a.records().get(i);
            String key = n.keyIndex() < 0 ? null : "k" + n.keyIndex();
            // The value names its offset so that a record served at the wrong offset cannot pass for another.
            String value = n.valueBytes() < 0 ? null : "o" + (base + i) + ":" + "x".repeat(n.valueBytes());
            kvs.add(new TestBatches.KV(key, value, now + n.timestampDeltaMs()));
        }
        ByteBuffer batch = TestBatches.batch(
                a.gzip() ? Compression.gzip().build() : Compression.NONE,
                kvs,
                a.producerId(),
                (short) (a.producerId() < 0 ? -1 : 0),
                a.producerId() < 0 ? -1 : nextSequence.getOrDefault(a.producerId(), 0));
        int size = batch.remaining();
        if (size > config.segmentBytes() || size > config.maxMessageBytes()) {
            assertThatThrownBy(() -> log.append(batch)).isInstanceOf(RecordTooLargeException.class);
            return;
        }
        SegmentFile active = CrashedLogDir.list(dir).getLast();
        // segment.ms is measured between record timestamps: the first batch's and this one's (now under LogAppendTime)
        long batchTimestamp = config.logAppendTime()
                ? now
                : kvs.stream().mapToLong(TestBatches.KV::timestamp).max().orElseThrow();
        boolean expectRoll = !active.batches().isEmpty()
                && ((long) active.sizeBytes() + size > config.segmentBytes()
                        || batchTimestamp - active.batches().getFirst().maxTimestamp() > config.segmentMs());

        AppendResult result = log.append(batch);

        long last = base + kvs.size() - 1;
        assertThat(result.baseOffset()).as("base offset").isEqualTo(base);
        assertThat(result.lastOffset()).as("last offset").isEqualTo(last);
        assertThat(result.logAppendTimeMs()).isEqualTo(config.logAppendTime() ? now : -1);
        if (a.producerId() >= 0) nextSequence.merge(a.producerId(), kvs.size(), Integer::sum);
        List<Rec> recs = new ArrayList<>();
        for (int i = 0; i < kvs.size(); i++) {
            TestBatches.KV kv = kvs.get(i);
            long ts = config.logAppendTime() ? now : kv.timestamp();
            recs.add(new Rec(base + i, kv.key(), kv.value(), ts));
        }
        Batch appended = new Batch(base, last, a.producerId(), result.durable());
        if (expectRoll) onRolled();
        model.append(appended, recs);
        if (a.waitForDurable() || config.flushPolicy() == FlushPolicy.INTERVAL) {
            result.durable().join();
            model.onAcknowledged(appended);
        }
        assertThat(CrashedLogDir.list(dir).getLast().baseOffset())
                .as("active segment after an append of %d bytes (roll expected: %s)", size, expectRoll)
                .isEqualTo(expectRoll ? base : active.baseOffset());
    }

    // ---- reads ----

    private void read(LogAction.Read r) throws IOException {
        long hw = log.highWatermark();
        long offset = model.logStartOffset + Math.floorMod(r.offsetPick(), hw - model.logStartOffset + 1);
        reads.checkRead(log, offset, r.maxBytes());
    }

    private void readOutOfRange(boolean belowStart) {
        long offset = belowStart ? model.logStartOffset - 1 : model.logEndOffset + 1;
        if (offset < 0) return;
        assertThatThrownBy(() -> log.read(offset, 1 << 20))
                .as("read at %d with log start %d and log end %d", offset, model.logStartOffset, model.logEndOffset)
                .isInstanceOf(OffsetOutOfRangeException.class);
    }

    private void offsetForTimestamp(LogAction.OffsetForTimestamp o) {
        var stored = model.records.subMap(model.logStartOffset, true, model.logEndOffset, false);
        long target = stored.isEmpty()
                ? clock.millis() + o.deltaMs()
                : List.copyOf(stored.values())
                                .get(Math.floorMod(o.recordPick(), stored.size()))
                                .timestamp()
                        + o.deltaMs();
        long hwBefore = log.highWatermark();
        Optional<TimestampOffset> found = log.offsetForTimestamp(target);
        long hwAfter = log.highWatermark();
        Optional<TimestampOffset> expected =
                model.firstAtOrAfterTimestamp(target, hwAfter).map(r -> new TimestampOffset(r.timestamp(), r.offset()));
        String what = "offsetForTimestamp(" + target + ") with log start " + model.logStartOffset;
        if (expected.isPresent() && expected.get().offset() >= hwBefore) {
            // The high watermark moved during the lookup: either answer is right.
            assertThat(found)
                    .as(what)
                    .satisfiesAnyOf(
                            f -> assertThat(f).isEmpty(), f -> assertThat(f).isEqualTo(expected));
        } else {
            assertThat(found).as(what).isEqualTo(expected);
        }
    }

    // ---- rolls, flushes, retention, DeleteRecords, compaction ----

    private void roll() throws IOException {
        log.roll();
        onRolled();
        assertThat(CrashedLogDir.list(dir).getLast().baseOffset())
                .as("active segment after a roll")
                .isEqualTo(model.logEndOffset);
    }

    /** Under {@code always} a roll forces the old segment; under {@code interval} the flush scheduler does, later. */
    private void onRolled() {
        if (config.flushPolicy() == FlushPolicy.ALWAYS) model.onForced();
    }

    private void flush() {
        log.flush();
        model.onForced();
    }

    private void deleteExpired() throws IOException {
        List<SegmentFile> before = CrashedLogDir.list(dir);
        LogModel.Retained expected = model.retention(before, clock.millis(), true);

        int removed = log.deleteExpiredSegments();

        boolean rolled =
                expected.segmentBaseOffsets().getLast() != before.getLast().baseOffset();
        if (rolled) onRolled();
        model.logStartOffset = expected.logStartOffset();
        checkRetained(expected);
        assertThat(removed)
                .as("segments removed")
                .isEqualTo(before.size() - expected.segmentBaseOffsets().size() + (rolled ? 1 : 0));
    }

    private void deleteRecords(LogAction.DeleteRecords d) throws IOException {
        if (d.pastLogEnd()) {
            // Past the log end offset: the flush thread may raise the high watermark up to it at any moment.
            long offset = model.logEndOffset + 1 + Math.floorMod(d.offsetPick(), 3);
            assertThatThrownBy(() -> log.deleteRecordsBefore(offset)).isInstanceOf(OffsetOutOfRangeException.class);
            return;
        }
        long hw = log.highWatermark();
        long offset = model.logStartOffset + Math.floorMod(d.offsetPick(), hw - model.logStartOffset + 1);
        List<SegmentFile> before = CrashedLogDir.list(dir);
        boolean moves = offset > model.logStartOffset;

        long start = log.deleteRecordsBefore(offset);

        model.logStartOffset = Math.max(model.logStartOffset, offset);
        assertThat(start).as("deleteRecordsBefore(%d)", offset).isEqualTo(model.logStartOffset);
        // Segments go when the log start offset moves; Kafka leaves even that to the retention pass.
        List<Long> bases = before.stream().map(SegmentFile::baseOffset).toList();
        checkRetained(
                moves
                        ? model.retention(before, clock.millis(), false)
                        : new LogModel.Retained(model.logStartOffset, bases));
    }

    private void checkRetained(LogModel.Retained expected) throws IOException {
        assertThat(log.logStartOffset()).as("log start offset after retention").isEqualTo(expected.logStartOffset());
        assertThat(CrashedLogDir.list(dir))
                .as("segments after retention")
                .extracting(SegmentFile::baseOffset)
                .isEqualTo(expected.segmentBaseOffsets());
        checkSegments();
        reads.checkAllReads(log);
    }

    /**
     * Compaction is checked, not predicted: what survives below the active segment is a subset of the model, in
     * order, unchanged, keyed, and the latest record of its key; every key's latest record survives unless it is a
     * tombstone older than {@code delete.retention.ms}; each producer's last batch survives, at least as a header; the
     * active segment is untouched.
     */
    private void compact() throws IOException {
        if (!config.cleanupCompact()) return; // the maintenance loop compacts only compacted topics
        long activeBase = CrashedLogDir.list(dir).getLast().baseOffset();
        long now = clock.millis();
        Map<String, Rec> latest = model.latestByKey(activeBase);
        Map<Long, Batch> lastOfProducer = model.lastBatchByProducer(activeBase);

        log.compact();

        assertThat(CrashedLogDir.list(dir).getLast().baseOffset())
                .as("active segment")
                .isEqualTo(activeBase);
        List<ModelCheckedReads.ReadBatch> kept = reads.readAllUnchecked(log);
        long readEnd = kept.isEmpty() ? model.logStartOffset : kept.getLast().lastOffset() + 1;
        List<Rec> survivors = kept.stream()
                .flatMap(b -> b.records().stream())
                .filter(r -> r.offset() >= model.logStartOffset)
                .toList();
        for (Rec r : survivors) {
            assertThat(r).as("survivor at %d", r.offset()).isEqualTo(model.records.get(r.offset()));
        }
        List<Rec> cleaned =
                survivors.stream().filter(r -> r.offset() < activeBase).toList();
        // Reads stop at the high watermark, which unacknowledged appends may still hold below the log end offset.
        assertThat(survivors.subList(cleaned.size(), survivors.size()))
                .as("records of the active segment")
                .isEqualTo(model.recordsBetween(Math.max(activeBase, model.logStartOffset), readEnd - 1));
        for (Rec r : cleaned) {
            assertThat(r.key())
                    .as("compaction keeps keyed records only, found %s", r)
                    .isNotNull();
            assertThat(latest.get(r.key()))
                    .as("compaction keeps the latest record of a key only")
                    .isEqualTo(r);
        }
        for (Rec r : latest.values()) {
            boolean expiredTombstone = r.isTombstone() && now - r.timestamp() > config.deleteRetentionMs();
            if (!expiredTombstone)
                assertThat(cleaned).as("latest record of key %s", r.key()).contains(r);
        }
        for (Batch b : lastOfProducer.values()) {
            assertThat(kept)
                    .as("last batch of producer %d", b.producerId())
                    .anySatisfy(k -> assertThat(k.baseOffset()).isEqualTo(b.baseOffset()));
        }
        model.replaceRecords(activeBase, cleaned);
        checkSegments();
        reads.checkAllReads(log);
    }

    // ---- restarts ----

    private void reopen() throws IOException {
        log.close();
        awaitAppends();
        log = PartitionLog.open(dir, config, flusher, clock);
        model.onForced();
        assertThat(log.highWatermark()).as("high watermark after a clean open").isEqualTo(model.logEndOffset);
        checkSegments();
        reads.checkAllReads(log);
    }

    /**
     * Copies the directory as the dying process leaves it (no clean-shutdown marker, indexes of the active segment
     * stale), damages every segment at or above the recovery point past what the log has forced of it, and opens the
     * copy. The log must come back as the prefix that ends at the first batch the damage reached, holding every batch
     * that was acknowledged under {@code flush.policy=always} or forced by an always-policy roll, a flush, a close or
     * an open: the log's account of what it forced must cover those.
     */
    private void crash(LogAction.Crash c) throws IOException {
        // Which batches are durable is read before what the log forced: an append's fsync may finish while this runs,
        // and a batch found durable later than the log's forced bytes were read would be checked against a stale
        // figure. The log counts the forced bytes before it completes an append, so the order below is safe.
        Set<Long> durableAtCrash = new HashSet<>();
        for (Batch b : model.batches.values()) {
            if (model.isDurable(b)) durableAtCrash.add(b.baseOffset());
        }
        List<SegmentFile> segments = CrashedLogDir.list(dir);
        long recoveryPoint = log.recoveryPoint();
        int[] durableBytes = new int[segments.size()];
        boolean[] belowRecoveryPoint = new boolean[segments.size()];
        for (int i = 0; i < segments.size(); i++) {
            SegmentFile s = segments.get(i);
            boolean last = i == segments.size() - 1;
            belowRecoveryPoint[i] = !last && segments.get(i + 1).baseOffset() <= recoveryPoint;
            if (belowRecoveryPoint[i]) {
                durableBytes[i] = s.sizeBytes();
                continue;
            }
            int durable = Math.max(0, log.forcedBytes(s.baseOffset()));
            for (StoredBatch stored : s.batches()) {
                if (stored.lastOffset() < recoveryPoint)
                    durable = Math.max(durable, stored.position() + stored.sizeBytes());
            }
            durableBytes[i] = Math.min(durable, s.sizeBytes());
            for (StoredBatch stored : s.batches()) {
                Batch b = model.batches.get(stored.baseOffset());
                if (last)
                    assertThat(b)
                            .as("batch at %d in the active segment", stored.baseOffset())
                            .isNotNull();
                if (b == null || !durableAtCrash.contains(b.baseOffset())) continue;
                assertThat(stored.position() + stored.sizeBytes())
                        .as(
                                "end of durable batch %d in segment %d, forced up to %d, recovery point %d",
                                stored.baseOffset(), s.baseOffset(), durableBytes[i], recoveryPoint)
                        .isLessThanOrEqualTo(durableBytes[i]);
            }
        }
        Path copy = root.resolve("crash-" + ++crashes);
        CrashedLogDir.copy(dir, copy);
        log.close();
        awaitAppends();
        CrashedLogDir.deleteRecursively(dir);
        dir = copy;
        long end = model.logEndOffset;
        for (int i = 0; i < segments.size(); i++) {
            SegmentFile s = segments.get(i);
            if (belowRecoveryPoint[i]) continue;
            SegmentFile torn =
                    new SegmentFile(s.baseOffset(), copy.resolve(s.path().getFileName()), s.sizeBytes(), s.batches());
            long segmentEnd = CrashedLogDir.tear(torn, durableBytes[i], c.tear(), c.pick() + i);
            boolean garbage =
                    c.tear() == CrashedLogDir.Tear.GARBAGE || c.tear() == CrashedLogDir.Tear.TRUNCATE_AND_GARBAGE;
            boolean last = i == segments.size() - 1;
            // Recovery cuts a segment at its first bad batch and deletes every later one.
            if (last || segmentEnd < s.nextOffset() || garbage) {
                end = segmentEnd;
                break;
            }
        }
        model.truncateTo(end);

        log = PartitionLog.open(dir, config, flusher, clock);

        // As in Kafka, a log start offset past what survived keeps its place: the log restarts there.
        if (model.logStartOffset > model.logEndOffset) model.logEndOffset = model.logStartOffset;
        model.onForced();
        assertThat(log.highWatermark()).as("high watermark after recovery").isEqualTo(model.logEndOffset);
        checkSegments();
        reads.checkAllReads(log);
    }

    /**
     * Compacts, then opens a copy of the directory from before the pass, made to look as if the process had died while
     * swapping in the first group's result. Opening must finish the swap once it was committed ({@code .swap}) and
     * drop it before; every record must then read back as that stage left it.
     */
    private void crashDuringCompaction(CrashedLogDir.SwapStage stage) throws IOException {
        if (!config.cleanupCompact()) return;
        // Compaction first forces the rolled segments and checkpoints the recovery point, so a crash during its swap
        // always finds that checkpoint: the copy of the directory from before the pass must hold it too.
        flusher.releaseRolledSegmentForces();
        flusher.holdRolledSegmentForces();
        Path before = root.resolve("crash-" + ++crashes);
        CrashedLogDir.copy(dir, before);
        NavigableMap<Long, Rec> uncompacted = new TreeMap<>(model.records);
        compact();
        List<SegmentFile> after = CrashedLogDir.list(dir);
        if (after.size() == 1) {
            CrashedLogDir.deleteRecursively(before); // only the active segment: there was nothing to swap
            return;
        }
        SegmentFile cleaned = after.getFirst();
        CrashedLogDir.interruptSwap(before, cleaned, stage);
        log.close();
        awaitAppends();
        CrashedLogDir.deleteRecursively(dir);
        dir = before;
        model.restoreRecords(
                uncompacted, stage == CrashedLogDir.SwapStage.CLEANED ? cleaned.baseOffset() : cleaned.nextOffset());

        log = PartitionLog.open(dir, config, flusher, clock);

        model.onForced();
        assertThat(log.highWatermark()).as("high watermark after recovery").isEqualTo(model.logEndOffset);
        checkSegments();
        reads.checkAllReads(log);
    }

    /** After a clean close every append is on disk: each one's durable future must complete normally. */
    private void awaitAppends() {
        for (Batch b : model.batches.values()) b.durable().join();
    }

    // ---- invariants ----

    private void checkOffsets() {
        assertThat(log.logStartOffset()).as("log start offset").isEqualTo(model.logStartOffset);
        assertThat(log.logEndOffset()).as("log end offset").isEqualTo(model.logEndOffset);
        long hw = log.highWatermark();
        assertThat(hw).as("high watermark").isBetween(model.acknowledgedEnd, model.logEndOffset);
        if (config.flushPolicy() == FlushPolicy.INTERVAL) {
            assertThat(hw).as("high watermark under interval").isEqualTo(model.logEndOffset);
        }
    }

    /** The segments tile the offsets: each inactive one is non-empty and ends where the next begins. */
    private void checkSegments() throws IOException {
        List<SegmentFile> segments = CrashedLogDir.list(dir);
        assertThat(segments.getFirst().baseOffset()).as("first segment").isLessThanOrEqualTo(model.logStartOffset);
        for (int i = 0; i + 1 < segments.size(); i++) {
            SegmentFile s = segments.get(i);
            assertThat(s.batches()).as("inactive segment %d", s.baseOffset()).isNotEmpty();
            assertThat(s.nextOffset())
                    .as("end of segment %d", s.baseOffset())
                    .isEqualTo(segments.get(i + 1).baseOffset());
        }
        assertThat(segments.getLast().nextOffset())
                .as("end of the active segment")
                .isEqualTo(model.logEndOffset);
    }

    /** Checks the segments and every record once more. */
    void checkAll() throws IOException {
        checkSegments();
        reads.checkAllReads(log);
    }

    @Override
    public void close() throws IOException {
        try {
            log.close();
        } finally {
            try {
                flusher.releaseRolledSegmentForces();
                flusher.close();
            } finally {
                CrashedLogDir.deleteRecursively(root);
            }
        }
    }
}
