package io.herald.log.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The sparse offset index of one segment, in Kafka's {@code .index} layout: 8-byte entries of (offset - baseOffset as
 * i32, byte position as i32), big-endian, one entry per {@code index.interval.bytes} of log. Each entry names the last
 * offset of the batch that starts at its position, so a lookup lands on a batch boundary.
 *
 * <p>The entries live in memory; the file is written whole when the segment stops being active or is closed. The
 * active segment's file is therefore stale after a crash, which is fine: recovery rebuilds the index of every segment
 * it re-validates. Owned by the segment's writer. Readers run concurrently and see a consistent prefix: the writer
 * fills an entry, then publishes it by writing the volatile {@code count}; a reader reads {@code count} first and the
 * arrays after it. The array fields are volatile too, so a reader that meets arrays grown after its {@code count} also
 * sees the entries copied into them.
 */
public final class OffsetIndex {
    public static final int ENTRY_SIZE = 8;

    private final long baseOffset;
    private volatile int[] relativeOffsets;
    private volatile int[] positions;
    private volatile int count;

    public OffsetIndex(long baseOffset) {
        this.baseOffset = baseOffset;
        this.relativeOffsets = new int[16];
        this.positions = new int[16];
    }

    /** Loads an index file, or returns null when its size is not a whole number of entries. */
    public static OffsetIndex load(Path file, long baseOffset) throws IOException {
        OffsetIndex index = new OffsetIndex(baseOffset);
        if (!Files.exists(file)) return index;
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
        if (bytes.remaining() % ENTRY_SIZE != 0) return null;
        while (bytes.hasRemaining()) {
            index.append(baseOffset + bytes.getInt(), bytes.getInt());
        }
        return index;
    }

    /** True when entries increase strictly in offset and position and stay inside a segment of the given size. */
    public boolean isConsistentWith(int segmentSizeBytes, long segmentNextOffset) {
        int n = count;
        for (int i = 0; i < n; i++) {
            if (relativeOffsets[i] < 0 || positions[i] < 0 || positions[i] >= segmentSizeBytes) return false;
            if (i > 0 && (relativeOffsets[i] <= relativeOffsets[i - 1] || positions[i] <= positions[i - 1]))
                return false;
        }
        return n == 0 || baseOffset + relativeOffsets[n - 1] < segmentNextOffset;
    }

    public void append(long offset, int position) {
        int n = count;
        if (n == relativeOffsets.length) {
            relativeOffsets = Arrays.copyOf(relativeOffsets, n * 2);
            positions = Arrays.copyOf(positions, n * 2);
        }
        relativeOffsets[n] = Math.toIntExact(offset - baseOffset);
        positions[n] = position;
        count = n + 1;
    }

    /** Byte position of the last indexed batch whose last offset is <= {@code offset}, or 0. */
    public int floorPosition(long offset) {
        int n = count;
        int slot = floorSlot(relativeOffsets, n, offset - baseOffset);
        return slot < 0 ? 0 : positions[slot];
    }

    /** The largest indexed batch position that is <= {@code position}, or -1. */
    public int floorBatchPosition(int position) {
        int n = count;
        int[] indexed = positions;
        int slot = floorSlot(indexed, n, position);
        return slot < 0 ? -1 : indexed[slot];
    }

    /** Removes entries at or after {@code position}, for truncation. */
    public void truncateToPosition(int position) {
        int n = count;
        while (n > 0 && positions[n - 1] >= position) n--;
        count = n;
    }

    public int entries() {
        return count;
    }

    /** Writes the whole index to {@code file}, and forces it when {@code force}. */
    public void writeTo(Path file, boolean force) throws IOException {
        int n = count;
        ByteBuffer bytes = ByteBuffer.allocate(n * ENTRY_SIZE);
        for (int i = 0; i < n; i++) bytes.putInt(relativeOffsets[i]).putInt(positions[i]);
        writeWhole(file, bytes.flip(), force);
    }

    static int floorSlot(int[] sorted, int n, long key) {
        int lo = 0, hi = n - 1, found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= key) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    static void writeWhole(Path file, ByteBuffer bytes, boolean force) throws IOException {
        try (FileChannel ch = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            while (bytes.hasRemaining()) ch.write(bytes);
            if (force) ch.force(true);
        }
    }
}
