package io.herald.broker.producer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a file so that after a crash it holds the old content or the new, never a mix: the new bytes go to {@code
 * <name>.tmp}, which is forced, renamed over the file in one atomic rename, and the directory is forced so the rename
 * survives. A {@code .tmp} a crash left behind is garbage; the file's owner deletes it on open ({@link #tmpOf}).
 *
 * <p>Thread-safety: none; each file has one writer at a time.
 */
final class AtomicFile {
    private AtomicFile() {}

    static void replace(Path file, ByteBuffer content) throws IOException {
        Path tmp = tmpOf(file);
        try (FileChannel ch = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            while (content.hasRemaining()) ch.write(content);
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsyncDirectory(file.toAbsolutePath().getParent());
    }

    static Path tmpOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".tmp");
    }

    /** Forces a directory, so the names created, renamed or deleted in it survive a crash. */
    static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
