package io.herald.log;

import io.herald.log.CrashedLogDir.SegmentFile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * What a partition log should hold under Kafka's semantics, kept in memory by {@link PartitionLogPropertiesTest} next
 * to the real log: every record still stored (retention and DeleteRecords only move the log start offset here, since
 * records below it may still sit in a batch that starts before it), the batches they came in, and the offsets.
 *
 * <p>Compaction is not predicted: the test checks what the log kept against this model's invariants and then records
 * the survivors with {@link #replaceRecords}. Single-threaded, owned by one try.
 */
final class LogModel {
    /** A record as appended; a null value is a tombstone. */
    record Rec(long offset, String key, String value, long timestamp) {
        boolean isTombstone() {
            return value == null;
        }
    }

    /** An appended batch; {@code durable} is the future the append returned. */
    record Batch(long baseOffset, long lastOffset, long producerId, CompletableFuture<Void> durable) {}

    /** The log start offset and live segments retention must leave. */
    record Retained(long logStartOffset, List<Long> segmentBaseOffsets) {}

    final LogConfig config;
    final NavigableMap<Long, Rec> records = new TreeMap<>();
    final NavigableMap<Long, Batch> batches = new TreeMap<>();
    long logStartOffset;
    long logEndOffset;
    /** Below this every offset was acknowledged or forced: the high watermark may not be lower. */
    long acknowledgedEnd;
    /** Below this every offset was forced to disk by a roll, a flush, a close or an open. */
    long forcedEnd;

    LogModel(LogConfig config) {
        this.config = config;
    }

    void append(Batch batch, List<Rec> recs) {
        batches.put(batch.baseOffset(), batch);
        for (Rec r : recs) records.put(r.offset(), r);
        logEndOffset = batch.lastOffset() + 1;
    }

    /** Everything up to the log end offset is on disk (roll, flush, close, open). */
    void onForced() {
        forcedEnd = logEndOffset;
        acknowledgedEnd = logEndOffset;
    }

    void onAcknowledged(Batch batch) {
        acknowledgedEnd = Math.max(acknowledgedEnd, batch.lastOffset() + 1);
    }

    /** True if a crash cannot take {@code batch} back. */
    boolean isDurable(Batch batch) {
        if (batch.lastOffset() < forcedEnd) return true;
        return config.flushPolicy() == FlushPolicy.ALWAYS
                && batch.durable().isDone()
                && !batch.durable().isCompletedExceptionally();
    }

    /** A crash took back every offset from {@code offset} on. */
    void truncateTo(long offset) {
        records.tailMap(offset, true).clear();
        batches.tailMap(offset, true).clear();
        logEndOffset = offset;
    }

    /** Records in {@code [from, toInclusive]} that the log must still hold. */
    List<Rec> recordsBetween(long from, long toInclusive) {
        if (from > toInclusive) return List.of();
        return List.copyOf(records.subMap(from, true, toInclusive, true).values());
    }

    /** Kafka's ListOffsets by timestamp: the first record at or above the log start with a timestamp >= {@code ts}. */
    Optional<Rec> firstAtOrAfterTimestamp(long ts, long highWatermark) {
        return records.subMap(logStartOffset, true, highWatermark, false).values().stream()
                .filter(r -> r.timestamp() >= ts)
                .findFirst();
    }

    /** For each key, its latest record in {@code [logStartOffset, end)}: what compaction must keep. */
    Map<String, Rec> latestByKey(long end) {
        Map<String, Rec> latest = new HashMap<>();
        for (Rec r : recordsBetween(logStartOffset, end - 1)) {
            if (r.key() != null) latest.put(r.key(), r);
        }
        return latest;
    }

    /** For each producer id, its last batch below {@code end}, if that batch starts at or above the log start. */
    Map<Long, Batch> lastBatchByProducer(long end) {
        Map<Long, Batch> last = new HashMap<>();
        for (Batch b : batches.headMap(end, false).values()) {
            if (b.producerId() >= 0) last.put(b.producerId(), b);
        }
        last.values().removeIf(b -> b.baseOffset() < logStartOffset);
        return last;
    }

    /** After compaction: {@code survivors} are all the records left in {@code [logStartOffset, end)}. */
    void replaceRecords(long end, List<Rec> survivors) {
        if (end > logStartOffset)
            records.subMap(logStartOffset, true, end, false).clear();
        for (Rec r : survivors) records.put(r.offset(), r);
    }

    /** A crash undid part of a compaction pass: from {@code offset} on, the records are those of {@code before}. */
    void restoreRecords(NavigableMap<Long, Rec> before, long offset) {
        records.tailMap(offset, true).clear();
        records.putAll(before.tailMap(offset, true));
    }

    /**
     * Kafka's retention over the segments on disk: under {@code cleanup.policy} delete, remove from the oldest while a
     * segment's largest timestamp is more than {@code retention.ms} old (rolling first if that includes the active
     * segment, which must not be empty), then the oldest inactive segments while the rest still holds {@code
     * retention.bytes}; under any policy, remove segments wholly below the log start offset. The log start offset
     * moves up to the first segment left.
     */
    Retained retention(List<SegmentFile> segments, long nowMs, boolean applyPolicy) {
        List<Long> bases = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (SegmentFile s : segments) {
            bases.add(s.baseOffset());
            sizes.add(s.sizeBytes());
        }
        long start = logStartOffset;
        if (applyPolicy && config.cleanupDelete() && config.retentionMs() >= 0) {
            int expired = 0;
            while (expired < segments.size()
                    && segments.get(expired).sizeBytes() > 0
                    && nowMs - segments.get(expired).maxTimestamp() > config.retentionMs()) expired++;
            if (expired > 0 && expired == segments.size()) {
                bases.add(logEndOffset);
                sizes.add(0);
            }
            for (int i = 0; i < expired; i++) {
                bases.removeFirst();
                sizes.removeFirst();
            }
            start = Math.max(start, bases.getFirst());
        }
        if (applyPolicy && config.cleanupDelete() && config.retentionBytes() >= 0) {
            long excess = sizes.stream().mapToLong(Integer::longValue).sum() - config.retentionBytes();
            while (bases.size() > 1 && excess - sizes.getFirst() >= 0) {
                excess -= sizes.removeFirst();
                bases.removeFirst();
            }
            start = Math.max(start, bases.getFirst());
        }
        while (bases.size() > 1 && bases.get(1) <= start) {
            bases.removeFirst();
            sizes.removeFirst();
        }
        return new Retained(start, bases);
    }
}
