package io.herald.client;

/**
 * An event as a handler receives it: its attributes, its typed data and where it was read from.
 *
 * @param metadata the CloudEvents attributes and extensions
 * @param data the event record, upcast to the current version
 * @param topic the topic it was read from
 * @param partition the partition it was read from
 * @param offset its offset in that partition
 * @param <T> the event record type
 */
public record IncomingEvent<T>(EventMetadata metadata, T data, String topic, int partition, long offset) {
    /** Shortcut for {@code metadata().id()}. */
    public String id() {
        return metadata.id();
    }

    /** Shortcut for {@code metadata().type()}. */
    public String type() {
        return metadata.type();
    }

    /** Shortcut for {@code metadata().correlationId()}. */
    public String correlationId() {
        return metadata.correlationId();
    }
}
