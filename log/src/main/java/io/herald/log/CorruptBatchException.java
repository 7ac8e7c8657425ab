package io.herald.log;

import java.nio.file.Path;

/**
 * A record batch failed its CRC32C or structural check. Kafka's code: {@code CORRUPT_MESSAGE}.
 *
 * <p>When the batch was read from disk, {@link #file()} and {@link #position()} say where; a batch handed to
 * {@code append} has no file and a position of -1.
 */
public final class CorruptBatchException extends LogException {
    private final Path file;
    private final long position;

    public CorruptBatchException(String message) {
        this(message, null, -1);
    }

    public CorruptBatchException(String message, Path file, long position) {
        super(file == null ? message : message + " in " + file + " at byte position " + position);
        this.file = file;
        this.position = position;
    }

    /** The segment file holding the batch, or null for a batch that came from a caller. */
    public Path file() {
        return file;
    }

    /** The batch's byte position in {@link #file()}, or -1. */
    public long position() {
        return position;
    }
}
