package io.herald.log;

import io.herald.log.internal.Segment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

/**
 * Opens the segments of a partition directory: removes leftovers ({@code .cleaned}, {@code .deleted}, {@code .tmp}),
 * completes an interrupted compaction swap, and opens each segment, re-validating the ones that may hold unflushed
 * bytes when the previous shutdown was not clean. Runs once per open, on the opening thread.
 *
 * <p>Which segments may hold unflushed bytes follows from the recovery point ({@link RecoveryPoint}): every segment
 * that holds an offset at or above it (a segment below the last one holds offsets up to the next one's base offset),
 * and always the last segment. A directory without {@code recovery-point.checkpoint} was written before there was one,
 * when every roll forced the old segment: then only the last segment is unflushed.
 *
 * <p>An unflushed segment is re-validated batch by batch (length, magic, CRC32C, and offsets contiguous from the
 * segment's base offset: compaction rewrites only segments below the recovery point, so one above it has no gaps, and
 * the check catches a torn base offset, which the CRC does not cover) and truncated at the first batch that fails.
 * A tail of zeros is space the log preallocated ({@code preallocate}) and is cut without a warning. When one is cut, or ends before the next segment's base offset, every later segment is deleted,
 * with a warning naming them: the log comes back as a prefix of what was appended, without a gap, as in Kafka. Their
 * indexes are rebuilt and everything is forced before the open goes on.
 *
 * <p>A segment wholly below the recovery point, and a {@code .swap}, was forced to disk before: it opens from its
 * indexes, and when it has to be re-validated (its indexes are missing or fail their sanity check) a failing batch in
 * it is damage, and the open fails with a {@link CorruptBatchException} naming the file and position instead of
 * cutting the segment and leaving a hole in the offsets.
 */
final class LogLoader {
    private static final System.Logger LOG = System.getLogger(LogLoader.class.getName());

    private LogLoader() {}

    static ConcurrentSkipListMap<Long, Segment> load(
            Path dir, int indexIntervalBytes, boolean clean, OptionalLong recoveryPoint, long nowMs)
            throws IOException {
        deleteLeftovers(dir);
        for (long base : basesWithSuffix(dir, Segment.LOG_SUFFIX + LogCompactor.SWAP_SUFFIX)) {
            completeSwap(dir, base, indexIntervalBytes);
        }
        ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
        TreeSet<Long> bases = basesWithSuffix(dir, Segment.LOG_SUFFIX);
        if (bases.isEmpty()) {
            Segment first = Segment.create(dir, 0, "", indexIntervalBytes, nowMs);
            segments.put(0L, first);
            return segments;
        }
        long last = bases.last();
        long unflushedFrom = recoveryPoint.orElse(last);
        try {
            for (long base : bases) {
                Long nextBase = bases.higher(base);
                boolean unflushed = !clean && (nextBase == null || nextBase > unflushedFrom);
                if (!unflushed) {
                    Segment segment = Segment.openClean(dir, base, "", indexIntervalBytes);
                    if (segment == null) segment = rebuild(dir, base, indexIntervalBytes, nextBase == null);
                    segments.put(base, segment);
                    continue;
                }
                Recovered recovered = recover(dir, base, indexIntervalBytes);
                segments.put(base, recovered.segment());
                if (nextBase != null && (recovered.cut() || recovered.segment().nextOffset() != nextBase)) {
                    deleteFrom(dir, bases.tailSet(nextBase, true), recovered.segment());
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            for (Segment s : segments.values()) s.close();
            throw e;
        }
        return segments;
    }

    /**
     * Replaces every segment with an empty one at {@code logStartOffset}, for a log whose checkpointed log start offset
     * lies past its recovered end: as in Kafka, the log start offset stands, so offsets below it are never handed out
     * again. The new segment is created before the old ones go, so a crash in between leaves a log that opens the same
     * way.
     */
    static ConcurrentSkipListMap<Long, Segment> restartAt(
            Path dir,
            ConcurrentSkipListMap<Long, Segment> segments,
            long logStartOffset,
            int indexIntervalBytes,
            long nowMs)
            throws IOException {
        LOG.log(
                System.Logger.Level.WARNING,
                "deleting every segment of " + dir + ": the log end offset "
                        + segments.lastEntry().getValue().nextOffset() + " is below the log start offset "
                        + logStartOffset + ", unforced records were lost; the log restarts at " + logStartOffset);
        Segment fresh = Segment.create(dir, logStartOffset, "", indexIntervalBytes, nowMs);
        PartitionLog.fsyncDirectory(dir);
        for (Segment s : segments.values()) s.closeAndDelete();
        PartitionLog.fsyncDirectory(dir);
        ConcurrentSkipListMap<Long, Segment> restarted = new ConcurrentSkipListMap<>();
        restarted.put(logStartOffset, fresh);
        return restarted;
    }

    /** A segment after recovery, and whether recovery truncated it. */
    private record Recovered(Segment segment, boolean cut) {}

    /** Re-validates a segment that may hold unflushed bytes and truncates it at its first failing batch. */
    private static Recovered recover(Path dir, long base, int indexIntervalBytes) throws IOException {
        Segment segment = Segment.openForRecovery(dir, base, "", indexIntervalBytes);
        try {
            // Compaction rewrites only segments below the recovery point: this one has no gaps in its offsets.
            Segment.RecoveryResult cut = segment.recover(true);
            // Zeros past the last batch are preallocated space that no write reached: nothing was lost there.
            boolean lost = cut != null && !cut.preallocatedSpace();
            if (lost) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "recovery truncated " + cut.file() + " at byte position " + cut.position() + ", dropping "
                                + cut.truncatedBytes() + " bytes after " + cut.reason());
            }
            segment.flush();
            segment.writeIndexes();
            return new Recovered(segment, lost);
        } catch (IOException | RuntimeException e) {
            segment.close();
            throw e;
        }
    }

    /** Re-validates a segment whose bytes were all forced before, because its indexes failed their sanity check. */
    private static Segment rebuild(Path dir, long base, int indexIntervalBytes, boolean isLast) throws IOException {
        Segment segment = Segment.openForRecovery(dir, base, "", indexIntervalBytes);
        try {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "indexes of " + segment.path(Segment.LOG_SUFFIX) + " do not match the segment; rebuilding them");
            // Every byte here was forced to disk before: a batch that fails is reported, never cut away.
            segment.rebuildIndexes(isLast);
            segment.writeIndexes();
            return segment;
        } catch (IOException | RuntimeException e) {
            segment.close();
            throw e;
        }
    }

    /**
     * Deletes the segments at {@code bases}, which follow {@code cut}, a segment that recovery truncated or found
     * ending short of the next one: as in Kafka, the log ends with {@code cut}, so that it never has a gap.
     */
    private static void deleteFrom(Path dir, NavigableSet<Long> bases, Segment cut) throws IOException {
        List<Path> deleted = new ArrayList<>();
        for (long base : bases) {
            for (String kind : List.of(Segment.LOG_SUFFIX, Segment.INDEX_SUFFIX, Segment.TIME_INDEX_SUFFIX)) {
                Path file = dir.resolve(Segment.fileName(base, kind));
                if (Files.deleteIfExists(file) && kind.equals(Segment.LOG_SUFFIX)) deleted.add(file);
            }
        }
        PartitionLog.fsyncDirectory(dir);
        LOG.log(
                System.Logger.Level.WARNING,
                "recovery deleted " + deleted + ": they follow " + cut + ", which recovery truncated or which ends"
                        + " short of them, so the log now ends at offset " + cut.nextOffset());
    }

    /** A {@code .swap} segment is a finished compaction result: it replaces every segment inside its offset range. */
    private static void completeSwap(Path dir, long swapBase, int indexIntervalBytes) throws IOException {
        Segment swap = Segment.openForRecovery(dir, swapBase, LogCompactor.SWAP_SUFFIX, indexIntervalBytes);
        try {
            // forced before its rename to .swap: damage in it is reported, never cut away
            swap.rebuildIndexes(false);
            long end = swap.nextOffset();
            // By file, not by .log: the crash may have come after some of the swap's own files took their live names.
            for (String kind : List.of(Segment.LOG_SUFFIX, Segment.INDEX_SUFFIX, Segment.TIME_INDEX_SUFFIX)) {
                for (long base : basesWithSuffix(dir, kind)) {
                    if (base >= swapBase && base < end) Files.deleteIfExists(dir.resolve(Segment.fileName(base, kind)));
                }
            }
            swap.writeIndexes();
            swap.changeStateSuffix("");
        } finally {
            swap.close();
        }
        PartitionLog.fsyncDirectory(dir);
        LOG.log(System.Logger.Level.INFO, "completed an interrupted compaction swap of " + swap);
    }

    private static void deleteLeftovers(Path dir) throws IOException {
        List<Path> leftovers = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> {
                        String name = p.getFileName().toString();
                        return name.endsWith(LogCompactor.CLEANED_SUFFIX)
                                || name.endsWith(PartitionLog.DELETED_SUFFIX)
                                || name.endsWith(".tmp")
                                || isUncommittedSwapIndex(dir, name);
                    })
                    .forEach(leftovers::add);
        }
        for (Path p : leftovers) Files.deleteIfExists(p);
    }

    /**
     * An index file renamed to {@code .swap} while its {@code .log} was not: the compaction crashed before its commit
     * point. Left in place, it would make every later compaction of that base fail to rename its own index.
     */
    private static boolean isUncommittedSwapIndex(Path dir, String name) {
        if (!name.endsWith(LogCompactor.SWAP_SUFFIX) || name.length() < 20) return false;
        String swapLog = name.substring(0, 20) + Segment.LOG_SUFFIX + LogCompactor.SWAP_SUFFIX;
        return !name.equals(swapLog) && Files.notExists(dir.resolve(swapLog));
    }

    private static TreeSet<Long> basesWithSuffix(Path dir, String suffix) throws IOException {
        TreeSet<Long> bases = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(suffix) && n.length() == 20 + suffix.length())
                    .filter(n -> n.chars().limit(20).allMatch(Character::isDigit))
                    .forEach(n -> bases.add(Long.parseLong(n.substring(0, 20))));
        }
        return bases;
    }
}
