package io.herald.log;

/**
 * Base of every error the log reports. Each subclass corresponds to one Kafka error code, so that the broker maps
 * them in one table instead of deciding per call site.
 */
public abstract sealed class LogException extends RuntimeException
        permits CorruptBatchException,
                InvalidBatchException,
                OffsetOutOfRangeException,
                RecordTooLargeException,
                InvalidConfigException,
                StorageException {

    protected LogException(String message) {
        super(message);
    }

    protected LogException(String message, Throwable cause) {
        super(message, cause);
    }
}
