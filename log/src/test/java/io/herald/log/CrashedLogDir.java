package io.herald.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;

/**
 * What a partition directory holds on disk, read with kafka-clients' parser rather than the log's own bookkeeping, and
 * the file surgery that simulates a crash: copying the directory as a dying process leaves it, then tearing the tail of
 * the last segment that was never forced.
 */
final class CrashedLogDir {
    /** Where a v2 batch header keeps the partition leader epoch: the one field neither CRC nor recovery checks. */
    private static final int LEADER_EPOCH_FIELD = 12;

    private static final int MAGIC_FIELD = 16;

    private static final int BATCH_LENGTH_FIELD = 8;

    private CrashedLogDir() {}

    /** One batch as stored: offsets, byte position in its segment, size and largest timestamp. */
    record StoredBatch(long baseOffset, long lastOffset, int position, int sizeBytes, long maxTimestamp) {}

    /**
     * One live segment ({@code <base>.log}, no state suffix) and its batches.
     *
     * @param sizeBytes where its batches end; a preallocated file goes on with zeros after that
     */
    record SegmentFile(long baseOffset, Path path, int sizeBytes, List<StoredBatch> batches) {
        long maxTimestamp() {
            return batches.stream().mapToLong(StoredBatch::maxTimestamp).max().orElse(-1);
        }

        long nextOffset() {
            return batches.isEmpty() ? baseOffset : batches.getLast().lastOffset() + 1;
        }
    }

    /** The live segments of {@code dir} in offset order, each parsed whole. */
    static List<SegmentFile> list(Path dir) throws IOException {
        List<SegmentFile> segments = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (name.length() != 24 || !name.endsWith(".log")) continue;
                segments.add(read(p, Long.parseLong(name.substring(0, 20))));
            }
        }
        segments.sort(Comparator.comparingLong(SegmentFile::baseOffset));
        return segments;
    }

    private static SegmentFile read(Path file, long baseOffset) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int end = endOfBatches(bytes);
        List<StoredBatch> batches = new ArrayList<>();
        int position = 0;
        for (MutableRecordBatch b :
                MemoryRecords.readableRecords(ByteBuffer.wrap(bytes, 0, end)).batches()) {
            batches.add(new StoredBatch(b.baseOffset(), b.lastOffset(), position, b.sizeInBytes(), b.maxTimestamp()));
            position += b.sizeInBytes();
        }
        if (position != end) {
            throw new AssertionError(file + " holds " + bytes.length + " bytes but whole batches end at " + position);
        }
        for (int i = end; i < bytes.length; i++) {
            if (bytes[i] != 0) {
                throw new AssertionError(file + " has byte " + bytes[i] + " at " + i + ", after its last batch ends at "
                        + end + ", where only preallocated zeros may follow");
            }
        }
        return new SegmentFile(baseOffset, file, end, batches);
    }

    /** Where the batches end: at the file's end, or where preallocated zeros begin (no batch has a zero length). */
    private static int endOfBatches(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int position = 0;
        while (position + BATCH_LENGTH_FIELD + 4 <= bytes.length) {
            int length = buffer.getInt(position + BATCH_LENGTH_FIELD);
            if (length == 0) return position;
            position += BATCH_LENGTH_FIELD + 4 + length;
        }
        return Math.min(position, bytes.length);
    }

    /** Copies every file of {@code from} into the new directory {@code to}, as a crash would leave them. */
    static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path p : files.toList()) {
                try {
                    Files.copy(p, to.resolve(p.getFileName()));
                } catch (NoSuchFileException renamedMeanwhile) {
                    // A checkpoint's temporary file, renamed since the listing: a crash then leaves it gone too.
                }
            }
        }
    }

    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** How far the swap of a compaction's first group got when the process died (see {@code LogCompactor}). */
    enum SwapStage {
        /** The result is written as {@code .cleaned} but not committed: the pass is lost. */
        CLEANED,
        /** The result is renamed {@code .swap}, the commit point; the segments it replaces are still live. */
        SWAP,
        /** The replaced segments are renamed {@code .deleted} too; only the rename of the result was missing. */
        SWAP_AND_DELETED
    }

    /**
     * Makes {@code before}, a copy of the directory as a compaction pass found it, look as the process left it when
     * it died swapping in {@code cleaned} (that pass's first result, read from the live directory) at {@code stage}.
     */
    static void interruptSwap(Path before, SegmentFile cleaned, SwapStage stage) throws IOException {
        String suffix = stage == SwapStage.CLEANED ? ".cleaned" : ".swap";
        long base = cleaned.baseOffset();
        for (String kind : List.of(".log", ".index", ".timeindex")) {
            Files.copy(cleaned.path().resolveSibling(name(base, kind)), before.resolve(name(base, kind + suffix)));
        }
        if (stage != SwapStage.SWAP_AND_DELETED) return;
        for (SegmentFile replaced : list(before)) {
            if (replaced.baseOffset() < base || replaced.baseOffset() >= cleaned.nextOffset()) continue;
            for (String kind : List.of(".log", ".index", ".timeindex")) {
                Path file = before.resolve(name(replaced.baseOffset(), kind));
                Path deleted = before.resolve(name(replaced.baseOffset(), kind + ".deleted"));
                if (Files.exists(file)) Files.move(file, deleted, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static String name(long baseOffset, String suffix) {
        return String.format("%020d%s", baseOffset, suffix);
    }

    /** How the unforced tail of the last segment is damaged. */
    enum Tear {
        NONE,
        TRUNCATE,
        GARBAGE,
        TRUNCATE_AND_GARBAGE,
        FLIP_BYTE
    }

    /**
     * Damages {@code segment} only at or after byte {@code durableBytes}, the end of what was forced, and returns the
     * log end offset recovery must come back with: the base offset of the first batch the damage reaches, or {@code
     * segment.nextOffset()} when no whole batch is hit.
     */
    static long tear(SegmentFile segment, int durableBytes, Tear tear, int pick) throws IOException {
        int tail = segment.sizeBytes() - durableBytes;
        int cut = durableBytes + Math.floorMod(pick, tail + 1);
        switch (tear) {
            case NONE -> {
                return segment.nextOffset();
            }
            case TRUNCATE -> truncate(segment.path(), cut);
            case GARBAGE -> writeGarbage(segment.path(), segment.sizeBytes(), pick);
            case TRUNCATE_AND_GARBAGE -> {
                truncate(segment.path(), cut);
                writeGarbage(segment.path(), cut, pick);
            }
            case FLIP_BYTE -> {
                if (tail == 0) return segment.nextOffset();
                int at = durableBytes + Math.floorMod(pick, tail);
                flipByte(segment.path(), at);
                return endAfterFlip(segment, at);
            }
        }
        int end = tear == Tear.GARBAGE ? segment.sizeBytes() : cut;
        for (StoredBatch b : segment.batches()) {
            if (b.position() + b.sizeBytes() > end) return b.baseOffset();
        }
        return segment.nextOffset();
    }

    private static long endAfterFlip(SegmentFile segment, int at) {
        for (StoredBatch b : segment.batches()) {
            int field = at - b.position();
            if (field < 0 || field >= b.sizeBytes()) continue;
            boolean unchecked = field >= LEADER_EPOCH_FIELD && field < MAGIC_FIELD;
            return unchecked ? segment.nextOffset() : b.baseOffset();
        }
        throw new AssertionError("byte " + at + " lies in no batch of " + segment.path());
    }

    private static void truncate(Path file, int size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    /** Writes random bytes where the next batch would have gone: over preallocated zeros, or past the file's end. */
    private static void writeGarbage(Path file, int at, int pick) throws IOException {
        java.util.Random random = new java.util.Random(pick);
        byte[] junk = new byte[1 + random.nextInt(120)];
        random.nextBytes(junk);
        junk[0] |= 1; // a torn write, not more preallocated space
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer src = ByteBuffer.wrap(junk);
            long position = at;
            while (src.hasRemaining()) position += ch.write(src, position);
        }
    }

    private static void flipByte(Path file, int at) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, at);
            one.put(0, (byte) (one.get(0) ^ 0x5a)).rewind();
            ch.write(one, at);
        }
    }
}
