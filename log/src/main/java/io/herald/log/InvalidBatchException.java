package io.herald.log;

/**
 * A batch whose CRC is intact but whose content breaks a rule of the log (record count not matching the offset delta,
 * a magic other than 2). Kafka's code: {@code INVALID_RECORD}.
 */
public final class InvalidBatchException extends LogException {
    public InvalidBatchException(String message) {
        super(message);
    }
}
