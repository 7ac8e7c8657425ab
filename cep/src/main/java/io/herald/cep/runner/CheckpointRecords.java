package io.herald.cep.runner;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The records of runner checkpoints in the compacted checkpoint topic, and which stored checkpoint to trust. Pure: no
 * I/O ({@link CheckpointTopic} reads and writes them).
 *
 * <p><b>Keys.</b> A checkpoint belongs to a consumer group and an exact assignment: {@code <group>/<assignment>},
 * the assignment being the sorted {@code topic-partition} list joined by commas. A runner that owns other partitions
 * (after a rebalance) finds no checkpoint and replays from the committed offsets.
 *
 * <p><b>Layout.</b> A checkpoint (the bytes of {@code RuleFeed.checkpoint()}) is cut in chunks of at most {@value
 * #MAX_CHUNK_BYTES} bytes (under the default {@code max.message.bytes}), written under {@code
 * <group>/<assignment>/slot<s>/<i>}, followed by a commit record under {@code <group>/<assignment>}. Big-endian:
 *
 * <ul>
 *   <li>chunk: format version (int, 1), epoch (long), index (int), chunk count (int), CRC32 of the whole
 *       checkpoint (int), then the chunk's bytes;
 *   <li>commit: format version (int, 1), epoch (long), slot (int), chunk count (int), total bytes (int), CRC32 of the
 *       whole checkpoint (int).
 * </ul>
 *
 * <p><b>Crash recovery.</b> Epoch n goes to slot {@code n % 2}, and the runner writes epoch n+1 only after the
 * commit record of n: so a crash while writing leaves the committed checkpoint's slot untouched, and the commit record
 * still names it (compaction keeps the latest value per key, and the producer is idempotent, so a commit record lands
 * after its chunks). A checkpoint is trusted only when all its chunks carry its epoch and count and the assembled
 * bytes match the CRC; when the committed slot fails that check, the other slot is used if it holds a complete, older
 * checkpoint; otherwise none is, and the runner replays from its committed offsets. Stateless.
 */
final class CheckpointRecords {
    /** The largest chunk: the default {@code max.message.bytes} (1 MiB) holds it with its key and header. */
    static final int MAX_CHUNK_BYTES = 900 * 1024;

    private static final int FORMAT_VERSION = 1;
    private static final int CHUNK_HEADER_BYTES = 4 + 8 + 4 + 4 + 4;

    private CheckpointRecords() {}

    /** A commit record's content. */
    record Commit(long epoch, int slot, int chunks, int totalBytes, int crc) {}

    /** A checkpoint that passed every check, with its epoch. */
    record Stored(long epoch, int slot, byte[] checkpoint) {}

    /**
     * What was found for a group and assignment.
     *
     * @param stored the checkpoint to restore, if one can be trusted
     * @param nextEpoch the epoch the next checkpoint is written as (its slot is the one the commit record does not name)
     * @param reason one line saying what was found, for the runner's log
     */
    record Found(Optional<Stored> stored, long nextEpoch, String reason) {}

    /** {@code <group>/<assignment>}: the commit record's key; the chunks' keys extend it. */
    static String commitKey(String group, Collection<TopicPartition> assignment) {
        List<String> partitions = assignment.stream()
                .sorted(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition))
                .map(TopicPartition::toString)
                .toList();
        return group + "/" + String.join(",", partitions);
    }

    static String chunkKey(String commitKey, int slot, int index) {
        return commitKey + "/slot" + slot + "/" + index;
    }

    /**
     * Whether a key of the topic belongs to a consumer group, whatever the assignment: the commit records and chunks
     * of every checkpoint that group's runners wrote. Group names hold no '/' (a rule name is an identifier).
     */
    static boolean belongsToGroup(String key, String group) {
        return key != null && key.startsWith(group + "/");
    }

    /** Whether a key of the topic belongs to this group and assignment. */
    static boolean belongsTo(String key, String commitKey) {
        return key != null && (key.equals(commitKey) || key.startsWith(commitKey + "/slot"));
    }

    /** The chunks of epoch {@code epoch}, then its commit record, in the order they must be written. */
    static List<ProducerRecord<String, byte[]>> records(String topic, String commitKey, long epoch, byte[] checkpoint) {
        int slot = (int) (epoch % 2);
        int chunks = Math.max(1, (checkpoint.length + MAX_CHUNK_BYTES - 1) / MAX_CHUNK_BYTES);
        int crc = crc(checkpoint);
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < chunks; i++) {
            int from = i * MAX_CHUNK_BYTES;
            int to = Math.min(checkpoint.length, from + MAX_CHUNK_BYTES);
            ByteBuffer value = ByteBuffer.allocate(CHUNK_HEADER_BYTES + (to - from));
            value.putInt(FORMAT_VERSION).putLong(epoch).putInt(i).putInt(chunks).putInt(crc);
            value.put(checkpoint, from, to - from);
            records.add(new ProducerRecord<>(topic, 0, chunkKey(commitKey, slot, i), value.array()));
        }
        ByteBuffer commit = ByteBuffer.allocate(4 + 8 + 4 + 4 + 4 + 4);
        commit.putInt(FORMAT_VERSION)
                .putLong(epoch)
                .putInt(slot)
                .putInt(chunks)
                .putInt(checkpoint.length)
                .putInt(crc);
        records.add(new ProducerRecord<>(topic, 0, commitKey, commit.array()));
        return records;
    }

    /**
     * The chunk keys of {@code slot} among {@code present} whose index is {@code chunks} or more: left by an earlier,
     * larger checkpoint in that slot, and deleted (tombstoned) once a smaller one is committed there, so that the
     * topic does not keep them forever.
     */
    static List<String> staleChunkKeys(Collection<String> present, String commitKey, int slot, int chunks) {
        String prefix = commitKey + "/slot" + slot + "/";
        List<String> stale = new ArrayList<>();
        for (String key : present) {
            if (key.startsWith(prefix)) {
                try {
                    if (Integer.parseInt(key.substring(prefix.length())) >= chunks) {
                        stale.add(key);
                    }
                } catch (NumberFormatException e) {
                    stale.add(key); // not a key this format writes
                }
            }
        }
        stale.sort(Comparator.naturalOrder());
        return stale;
    }

    /** Picks the checkpoint to trust from the latest value of each key of this group and assignment. */
    static Found choose(Map<String, byte[]> latest, String commitKey) {
        byte[] commitValue = latest.get(commitKey);
        if (commitValue == null) {
            return new Found(Optional.empty(), 0, "no checkpoint for " + commitKey);
        }
        Optional<Commit> commit = parseCommit(commitValue);
        if (commit.isEmpty()) {
            return new Found(Optional.empty(), 0, "the commit record of " + commitKey + " is unreadable");
        }
        Commit c = commit.get();
        long next = c.epoch() + 1;
        Optional<byte[]> committed = assemble(latest, commitKey, c.slot(), c.epoch(), c.chunks(), c.crc());
        if (committed.isPresent()) {
            return new Found(
                    Optional.of(new Stored(c.epoch(), c.slot(), committed.get())),
                    next,
                    "checkpoint epoch " + c.epoch() + " (slot " + c.slot() + ")");
        }
        int other = 1 - c.slot();
        Optional<ChunkHeader> first = parseChunk(latest.get(chunkKey(commitKey, other, 0)));
        if (first.isPresent() && first.get().epoch() < c.epoch()) {
            ChunkHeader h = first.get();
            Optional<byte[]> older = assemble(latest, commitKey, other, h.epoch(), h.chunks(), h.crc());
            if (older.isPresent()) {
                return new Found(
                        Optional.of(new Stored(h.epoch(), other, older.get())),
                        next,
                        "the previous checkpoint, epoch " + h.epoch() + " (slot " + other + "), since epoch "
                                + c.epoch() + " (slot " + c.slot() + ") is torn");
            }
        }
        return new Found(
                Optional.empty(),
                next,
                "checkpoint epoch " + c.epoch() + " (slot " + c.slot() + ") is torn and slot " + other
                        + " holds no complete older one");
    }

    private record ChunkHeader(long epoch, int index, int chunks, int crc, byte[] data) {}

    private static Optional<byte[]> assemble(
            Map<String, byte[]> latest, String commitKey, int slot, long epoch, int chunks, int crc) {
        if (chunks < 1) {
            return Optional.empty();
        }
        List<byte[]> parts = new ArrayList<>();
        int total = 0;
        for (int i = 0; i < chunks; i++) {
            Optional<ChunkHeader> chunk = parseChunk(latest.get(chunkKey(commitKey, slot, i)));
            if (chunk.isEmpty()
                    || chunk.get().epoch() != epoch
                    || chunk.get().index() != i
                    || chunk.get().chunks() != chunks
                    || chunk.get().crc() != crc) {
                return Optional.empty();
            }
            parts.add(chunk.get().data());
            total += chunk.get().data().length;
        }
        byte[] whole = new byte[total];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, whole, at, part.length);
            at += part.length;
        }
        return crc(whole) == crc ? Optional.of(whole) : Optional.empty();
    }

    private static Optional<ChunkHeader> parseChunk(byte[] value) {
        if (value == null || value.length < CHUNK_HEADER_BYTES) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(value);
        if (b.getInt() != FORMAT_VERSION) {
            return Optional.empty();
        }
        long epoch = b.getLong();
        int index = b.getInt();
        int chunks = b.getInt();
        int crc = b.getInt();
        return Optional.of(new ChunkHeader(
                epoch, index, chunks, crc, Arrays.copyOfRange(value, CHUNK_HEADER_BYTES, value.length)));
    }

    static Optional<Commit> parseCommit(byte[] value) {
        if (value == null || value.length != 28) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(value);
        if (b.getInt() != FORMAT_VERSION) {
            return Optional.empty();
        }
        return Optional.of(new Commit(b.getLong(), b.getInt(), b.getInt(), b.getInt(), b.getInt()));
    }

    private static int crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return (int) crc.getValue();
    }
}
