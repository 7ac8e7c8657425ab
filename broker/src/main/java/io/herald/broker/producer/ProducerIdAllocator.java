package io.herald.broker.producer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Hands out producer ids for InitProducerId, never the same one twice, across restarts and crashes included.
 *
 * <p><b>Blocks.</b> Ids are reserved {@value #BLOCK_SIZE} at a time, as Kafka's controller reserves them: before the
 * first id of a block is handed out, the end of the block (exclusive) is written durably to {@value #FILE}. On open,
 * allocation continues from the checkpointed end, so the ids of a block cut short by a restart or a crash are skipped,
 * never reused.
 *
 * <p><b>File.</b> {@value #FILE} in the data directory: the block end as decimal text and a newline, replaced
 * atomically (temp file, force, rename, directory force), so after a crash it holds the old end or the new one. A
 * leftover {@code .tmp} is deleted on open.
 *
 * <p><b>Thread-safety.</b> Any thread may call {@link #nextProducerId}. {@code lock} guards the next id and the block
 * end; it is held across the checkpoint write, once per block, because no id of a block may be handed out before the
 * block is on disk.
 */
public final class ProducerIdAllocator {
    public static final String FILE = "producer-id-block.checkpoint";
    public static final int BLOCK_SIZE = 1000;

    private final Path file;
    private final ReentrantLock lock = new ReentrantLock();
    private long nextId;
    private long blockEnd;

    private ProducerIdAllocator(Path file, long blockEnd) {
        this.file = file;
        this.nextId = blockEnd;
        this.blockEnd = blockEnd;
    }

    /** Opens the allocator of the broker whose data directory is {@code dataDir}, creating it if needed. */
    public static ProducerIdAllocator open(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve(FILE);
        Files.deleteIfExists(AtomicFile.tmpOf(file));
        return new ProducerIdAllocator(file, readBlockEnd(file));
    }

    /**
     * A producer id never handed out before by this data directory.
     *
     * @throws UncheckedIOException when the next block cannot be checkpointed; no id is handed out then
     */
    public long nextProducerId() {
        lock.lock();
        try {
            if (nextId == blockEnd) reserveNextBlock();
            return nextId++;
        } finally {
            lock.unlock();
        }
    }

    private void reserveNextBlock() {
        long newEnd = blockEnd + BLOCK_SIZE;
        if (newEnd < 0) {
            throw new IllegalStateException("producer ids are exhausted: " + file + " holds " + blockEnd
                    + ", and the next block would pass Long.MAX_VALUE");
        }
        try {
            AtomicFile.replace(file, ByteBuffer.wrap((newEnd + "\n").getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot reserve producer ids " + blockEnd + ".." + (newEnd - 1) + " in " + file + ": "
                            + e.getMessage() + "; check that the data directory is writable and has free space",
                    e);
        }
        blockEnd = newEnd;
    }

    private static long readBlockEnd(Path file) throws IOException {
        if (!Files.exists(file)) return 0;
        String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        long end;
        try {
            end = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IOException(corruptMessage(file, "'" + text + "'"), e);
        }
        if (end < 0) throw new IOException(corruptMessage(file, Long.toString(end)));
        return end;
    }

    private static String corruptMessage(Path file, String found) {
        return file + " should hold one producer id >= 0 (the end of the last reserved block), holds " + found
                + "; restore it from a backup, or write a value above every producer id this broker handed out"
                + " (never a lower one: reused ids would let old retries pass as new batches)";
    }
}
