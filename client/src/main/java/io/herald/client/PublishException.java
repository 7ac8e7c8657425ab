package io.herald.client;

/**
 * An event was not published. The subclasses name the usual causes; this class itself carries any other failure the
 * Kafka client reported, as its cause.
 */
public sealed class PublishException extends RuntimeException
        permits TopicNotFoundException, EventTooLargeException, BrokerUnreachableException, EventSchemaException {
    /**
     * A failure with its message and cause.
     *
     * @param message what failed and what to do
     * @param cause the Kafka client's exception, or null
     */
    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
