package io.herald.log.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The sparse time index of one segment, in Kafka's {@code .timeindex} layout: 12-byte entries of (timestamp i64,
 * offset - baseOffset as i32), big-endian. An entry says "the largest timestamp seen up to this offset", so timestamps
 * increase strictly from entry to entry; a lookup gives a batch from which to scan forward.
 *
 * <p>Like {@link OffsetIndex}, the entries live in memory and the file is written when the segment becomes inactive or
 * is closed, with a last entry for the segment's largest timestamp, as Kafka writes it. Same ownership and
 * publication rule: {@code count} is read before the arrays.
 */
public final class TimeIndex {
    public static final int ENTRY_SIZE = 12;

    private final long baseOffset;
    private volatile long[] timestamps;
    private volatile int[] relativeOffsets;
    private volatile int count;

    public TimeIndex(long baseOffset) {
        this.baseOffset = baseOffset;
        this.timestamps = new long[16];
        this.relativeOffsets = new int[16];
    }

    /** Loads an index file, or returns null when its size is not a whole number of entries. */
    public static TimeIndex load(Path file, long baseOffset) throws IOException {
        TimeIndex index = new TimeIndex(baseOffset);
        if (!Files.exists(file)) return index;
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
        if (bytes.remaining() % ENTRY_SIZE != 0) return null;
        while (bytes.hasRemaining()) {
            long timestamp = bytes.getLong();
            index.maybeAppend(timestamp, baseOffset + bytes.getInt());
        }
        return index;
    }

    /** True when offsets never decrease and every entry lies inside the segment. */
    public boolean isConsistentWith(long segmentNextOffset) {
        int n = count;
        for (int i = 0; i < n; i++) {
            if (relativeOffsets[i] < 0 || baseOffset + relativeOffsets[i] >= segmentNextOffset) return false;
            if (i > 0 && relativeOffsets[i] < relativeOffsets[i - 1]) return false;
        }
        return true;
    }

    /** Adds an entry when {@code timestamp} is larger than the last one, as Kafka does. */
    public void maybeAppend(long timestamp, long offset) {
        int n = count;
        if (n > 0 && timestamp <= timestamps[n - 1]) return;
        if (n == timestamps.length) {
            timestamps = Arrays.copyOf(timestamps, n * 2);
            relativeOffsets = Arrays.copyOf(relativeOffsets, n * 2);
        }
        timestamps[n] = timestamp;
        relativeOffsets[n] = Math.toIntExact(offset - baseOffset);
        count = n + 1;
    }

    /** Offset of the last entry whose timestamp is < {@code timestamp}, or the base offset: a safe place to scan from. */
    public long floorOffsetBefore(long timestamp) {
        int n = count;
        long[] indexed = timestamps;
        int lo = 0, hi = n - 1, found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (indexed[mid] < timestamp) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found < 0 ? baseOffset : baseOffset + relativeOffsets[found];
    }

    public void truncateToOffset(long offset) {
        int n = count;
        while (n > 0 && baseOffset + relativeOffsets[n - 1] >= offset) n--;
        count = n;
    }

    public int entries() {
        return count;
    }

    public long lastTimestamp() {
        int n = count;
        return timestamps[n - 1];
    }

    public long lastOffset() {
        int n = count;
        return baseOffset + relativeOffsets[n - 1];
    }

    /** Writes the whole index to {@code file}, and forces it when {@code force}. */
    public void writeTo(Path file, boolean force) throws IOException {
        int n = count;
        ByteBuffer bytes = ByteBuffer.allocate(n * ENTRY_SIZE);
        for (int i = 0; i < n; i++) bytes.putLong(timestamps[i]).putInt(relativeOffsets[i]);
        OffsetIndex.writeWhole(file, bytes.flip(), force);
    }
}
