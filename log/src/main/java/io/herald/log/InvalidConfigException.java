package io.herald.log;

/** A log configuration value out of its allowed range. Kafka's code: {@code INVALID_CONFIG}. */
public final class InvalidConfigException extends LogException {
    public InvalidConfigException(String message) {
        super(message);
    }
}
