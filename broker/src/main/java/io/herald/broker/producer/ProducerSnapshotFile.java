package io.herald.broker.producer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;

/**
 * The producer state snapshot files of a partition directory, in Kafka's format ({@code ProducerSnapshot.json} of
 * Kafka's storage module), so that a Kafka tool reading them agrees with Herald.
 *
 * <p><b>Name:</b> {@code <offset, 20 digits zero-padded>.snapshot}; the offset is the log end offset the state covers
 * (every batch below it, none at or above it).
 *
 * <p><b>Layout</b> (big-endian):
 *
 * <pre>
 * 0   version               int16   = 1
 * 2   crc                   uint32  CRC-32C of every byte from offset 6 to the end
 * 6   entry count           int32
 * 10  entries, 46 bytes each:
 *       producerId            int64
 *       epoch                 int16
 *       lastSequence          int32   of the producer's last batch
 *       lastOffset            int64   of the producer's last batch
 *       offsetDelta           int32   lastOffset - baseOffset of that batch (= lastSequence - its first sequence)
 *       timestamp             int64   max timestamp of that batch
 *       coordinatorEpoch      int32   always -1 (Herald keeps no transactions)
 *       currentTxnFirstOffset int64   always -1
 * </pre>
 *
 * Only the last batch of each producer is kept, as in Kafka.
 *
 * <p><b>Crash recovery:</b> written through {@link AtomicFile}, so a snapshot is whole or absent; a {@code .tmp} left
 * by a crash is deleted by the loader. A file that fails the length, version or CRC check reads as a {@link
 * CorruptSnapshotException}.
 *
 * <p>Thread-safety: none; the partition's owner writes and loads its snapshots.
 */
final class ProducerSnapshotFile {
    static final String SUFFIX = ".snapshot";
    private static final Pattern NAME = Pattern.compile("(\\d{20})\\.snapshot");
    private static final short VERSION = 1;
    private static final int CRC_OFFSET = 2;
    private static final int COUNT_OFFSET = 6;
    private static final int ENTRIES_OFFSET = 10;
    private static final int ENTRY_BYTES = 8 + 2 + 4 + 8 + 4 + 8 + 4 + 8;

    private ProducerSnapshotFile() {}

    static Path path(Path dir, long offset) {
        return dir.resolve(String.format("%020d", offset) + SUFFIX);
    }

    static void write(Path dir, long offset, List<ProducerState> states) throws IOException {
        if (offset < 0) throw new IllegalArgumentException("snapshot offset must be >= 0, was " + offset);
        AtomicFile.replace(path(dir, offset), encode(states));
    }

    static ByteBuffer encode(List<ProducerState> states) {
        ByteBuffer buf = ByteBuffer.allocate(ENTRIES_OFFSET + states.size() * ENTRY_BYTES);
        buf.putShort(VERSION).putInt(0).putInt(states.size());
        for (ProducerState state : states) {
            AppendedBatch last = state.lastBatch();
            buf.putLong(state.producerId())
                    .putShort(state.epoch())
                    .putInt(last.lastSequence())
                    .putLong(last.lastOffset())
                    .putInt((int) (last.lastOffset() - last.baseOffset()))
                    .putLong(last.timestampMs())
                    .putInt(-1)
                    .putLong(-1L);
        }
        buf.putInt(CRC_OFFSET, (int) crc(buf.array()));
        return buf.flip();
    }

    static List<ProducerState> read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return decode(bytes);
        } catch (CorruptSnapshotException e) {
            throw new CorruptSnapshotException(file + ": " + e.getMessage());
        }
    }

    static List<ProducerState> decode(byte[] bytes) throws CorruptSnapshotException {
        if (bytes.length < ENTRIES_OFFSET) {
            throw new CorruptSnapshotException(
                    "snapshot is " + bytes.length + " bytes, shorter than its 10-byte header");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        short version = buf.getShort(0);
        if (version != VERSION) {
            throw new CorruptSnapshotException("snapshot version is " + version + ", only version 1 is known");
        }
        long stored = Integer.toUnsignedLong(buf.getInt(CRC_OFFSET));
        long computed = crc(bytes);
        if (stored != computed) {
            throw new CorruptSnapshotException("snapshot CRC is " + stored + " but its bytes give " + computed);
        }
        int count = buf.getInt(COUNT_OFFSET);
        if (count < 0 || (long) count * ENTRY_BYTES != bytes.length - ENTRIES_OFFSET) {
            throw new CorruptSnapshotException("snapshot says " + count + " entries of " + ENTRY_BYTES
                    + " bytes but holds " + (bytes.length - ENTRIES_OFFSET) + " bytes of entries");
        }
        buf.position(ENTRIES_OFFSET);
        List<ProducerState> states = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long producerId = buf.getLong();
            short epoch = buf.getShort();
            int lastSequence = buf.getInt();
            long lastOffset = buf.getLong();
            int offsetDelta = buf.getInt();
            long timestamp = buf.getLong();
            buf.getInt(); // coordinatorEpoch
            buf.getLong(); // currentTxnFirstOffset
            // Kafka writes lastOffset -1 for a producer known only by its epoch (transaction markers); Herald keeps
            // no such state, so the producer is treated as unknown, which accepts any sequence.
            if (lastOffset < 0) continue;
            if (offsetDelta < 0 || offsetDelta > lastOffset) {
                throw new CorruptSnapshotException("producer " + producerId + " has offset delta " + offsetDelta
                        + " with last offset " + lastOffset);
            }
            int firstSequence = DefaultRecordBatch.decrementSequence(lastSequence, offsetDelta);
            AppendedBatch last =
                    new AppendedBatch(firstSequence, lastSequence, lastOffset - offsetDelta, lastOffset, timestamp);
            states.add(ProducerState.first(producerId, epoch, last));
        }
        return states;
    }

    /** Offsets of the snapshot files in {@code dir}, ascending. */
    static List<Long> offsets(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> NAME.matcher(f.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> Long.parseLong(m.group(1)))
                    .sorted()
                    .toList();
        }
    }

    static void delete(Path dir, long offset) throws IOException {
        Files.deleteIfExists(path(dir, offset));
    }

    /** Deletes all but the {@code count} newest snapshots. */
    static void retainNewest(Path dir, int count) throws IOException {
        List<Long> offsets = offsets(dir);
        for (int i = 0; i < offsets.size() - count; i++) delete(dir, offsets.get(i));
    }

    private static long crc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, COUNT_OFFSET, bytes.length - COUNT_OFFSET);
        return crc.getValue();
    }
}
