package io.herald.log;

/**
 * The disk failed under the log: a write, an fsync or a rename threw. After a failed fsync the page cache can no longer
 * be trusted, so the log refuses further appends. Kafka's code: {@code KAFKA_STORAGE_ERROR}.
 */
public final class StorageException extends LogException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageException(String message) {
        super(message);
    }
}
