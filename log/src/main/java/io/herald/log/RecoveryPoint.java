package io.herald.log;

import io.herald.log.internal.OffsetCheckpointFile;
import io.herald.log.internal.Segment;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The recovery point of one partition log: the offset below which every batch is known to be on disk, with the
 * rolled segments whose force has not completed yet, and its checkpoint file.
 *
 * <p><b>File.</b> {@code recovery-point.checkpoint} holds the offset as decimal text, replaced atomically ({@link
 * OffsetCheckpointFile}). It is written when the recovery point passes the end of a rolled segment, when the log
 * opens (then it is the log end offset: loading leaves the whole log on disk) and when it closes cleanly. A value
 * that lies at or below what the file holds is not written again, so the file never moves back while the log is
 * open.
 *
 * <p><b>Order.</b> Rolled segments are kept in roll order and the recovery point only passes the head of that queue:
 * when B rolled after A and B's force completes first, the recovery point waits for A's.
 *
 * <p><b>Thread-safety.</b> {@code stateLock} guards the queue and the offset and is never held across I/O; the
 * appender adds to the queue under the log's write lock, the roll flusher thread and the log's flush, close and
 * segment removal mark segments forced. {@code fileLock} keeps one checkpoint write at a time and is held across it:
 * only the thread that moved the recovery point, the opener and the closer take it, never an appender.
 */
final class RecoveryPoint {
    static final String FILE = "recovery-point.checkpoint";

    /** A rolled segment, its end offset at the roll, and its index files under the names they had then. */
    record Rolled(Segment segment, long endOffset, List<Path> indexFiles) {}

    private final Path file;
    private final ReentrantLock stateLock = new ReentrantLock();
    private final ArrayDeque<Rolled> rolled = new ArrayDeque<>();
    private final List<Segment> forcedBehindHead = new ArrayList<>();
    private long offset;
    private final ReentrantLock fileLock = new ReentrantLock();
    private volatile long written = -1;
    private boolean closed;

    private RecoveryPoint(Path dir, long offset) {
        this.file = dir.resolve(FILE);
        this.offset = offset;
    }

    /** The checkpointed recovery point of {@code dir}, or empty for a directory written before there was one. */
    static OptionalLong read(Path dir) throws IOException {
        return OffsetCheckpointFile.read(dir.resolve(FILE));
    }

    /** A recovery point at {@code offset}, the end of a log just loaded (all on disk), written to the file now. */
    static RecoveryPoint openAt(Path dir, long offset) throws IOException {
        RecoveryPoint point = new RecoveryPoint(dir, offset);
        point.fileLock.lock();
        try {
            OffsetCheckpointFile.write(point.file, offset);
            point.written = offset;
        } finally {
            point.fileLock.unlock();
        }
        return point;
    }

    long offset() {
        stateLock.lock();
        try {
            return offset;
        } finally {
            stateLock.unlock();
        }
    }

    /**
     * The value the checkpoint file holds. Compaction rewrites only segments below it, so every segment that recovery
     * re-validates was never compacted and has no gaps in its offsets.
     */
    long checkpointed() {
        return written;
    }

    /** Queues {@code segment}, just rolled past, whose offsets end at {@code endOffset}. */
    void onRolled(Segment segment, long endOffset) {
        stateLock.lock();
        try {
            rolled.add(new Rolled(segment, endOffset, segment.indexPaths()));
        } finally {
            stateLock.unlock();
        }
    }

    /** The rolled segments whose force has not completed, in roll order. */
    List<Rolled> unforced() {
        stateLock.lock();
        try {
            return rolled.stream()
                    .filter(r -> !containsSame(forcedBehindHead, r.segment()))
                    .toList();
        } finally {
            stateLock.unlock();
        }
    }

    /** The queued entry of {@code segment} if its force has not completed, else null. */
    Rolled unforced(Segment segment) {
        stateLock.lock();
        try {
            if (containsSame(forcedBehindHead, segment)) return null;
            for (Rolled r : rolled) {
                if (r.segment() == segment) return r;
            }
            return null;
        } finally {
            stateLock.unlock();
        }
    }

    /**
     * Records that {@code segment} is on disk, data, indexes and directory entry, and moves the recovery point over
     * every forced segment at the head of the queue. Returns the new recovery point, or -1 if it did not move.
     */
    long onForced(Segment segment) {
        stateLock.lock();
        try {
            if (unforced(segment) == null) return -1;
            forcedBehindHead.add(segment);
            long before = offset;
            while (!rolled.isEmpty()
                    && containsSame(forcedBehindHead, rolled.peekFirst().segment())) {
                Rolled head = rolled.pollFirst();
                forcedBehindHead.removeIf(s -> s == head.segment());
                offset = Math.max(offset, head.endOffset());
            }
            return offset > before ? offset : -1;
        } finally {
            stateLock.unlock();
        }
    }

    /** Writes {@code value} to the checkpoint file unless the file already holds as much or the log closed. */
    void checkpoint(long value) throws IOException {
        fileLock.lock();
        try {
            if (closed || value <= written) return;
            OffsetCheckpointFile.write(file, value);
            written = value;
        } finally {
            fileLock.unlock();
        }
    }

    /**
     * Stops all later checkpoint writes, after writing {@code finalValue} (the log end offset of a clean close, when
     * every segment was forced) unless it is negative (a close after a failure).
     */
    void close(long finalValue) throws IOException {
        fileLock.lock();
        try {
            if (closed) return;
            closed = true;
            if (finalValue >= 0 && finalValue != written) {
                stateLock.lock();
                try {
                    offset = Math.max(offset, finalValue);
                } finally {
                    stateLock.unlock();
                }
                OffsetCheckpointFile.write(file, finalValue);
                written = finalValue;
            }
        } finally {
            fileLock.unlock();
        }
    }

    private static boolean containsSame(List<Segment> list, Segment segment) {
        for (Segment s : list) {
            if (s == segment) return true;
        }
        return false;
    }
}
