package io.herald.log;

/** A batch larger than {@code max.message.bytes} or than a segment can hold. Kafka's code: {@code MESSAGE_TOO_LARGE}. */
public final class RecordTooLargeException extends LogException {
    public RecordTooLargeException(String message) {
        super(message);
    }
}
