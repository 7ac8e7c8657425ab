package io.herald.log.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * A file in a partition directory that holds one offset as decimal text and a newline ({@code
 * log-start-offset.checkpoint}, {@code recovery-point.checkpoint}).
 *
 * <p>Crash recovery: the file is replaced atomically. The new value is written to {@code <name>.tmp} and forced,
 * renamed over the old file with one atomic rename, and the directory is forced, so after a crash the file holds the
 * old value or the new one, never a mix. A {@code .tmp} left by a crash is deleted on open.
 *
 * <p>Thread-safety: none. Each file has one writer at a time; its owner says which.
 */
public final class OffsetCheckpointFile {
    private OffsetCheckpointFile() {}

    /** The offset in {@code file}, or empty when there is no such file. */
    public static OptionalLong read(Path file) throws IOException {
        if (!Files.exists(file)) return OptionalLong.empty();
        String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        try {
            return OptionalLong.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw new IOException(file + " should hold one offset, holds '" + text + "'");
        }
    }

    /** Replaces {@code file} with one holding {@code offset}, atomically and durably. */
    public static void write(Path file, long offset) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap((offset + "\n").getBytes(StandardCharsets.US_ASCII));
            while (bytes.hasRemaining()) ch.write(bytes);
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        fsyncDirectory(file.getParent());
    }

    /** Forces a directory, so the file names created, renamed or deleted in it survive a crash. */
    public static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
