package io.herald.client;

/**
 * An event is larger than the producer's {@code max.request.size} or the topic's {@code max.message.bytes}. Split the
 * event, store the large part elsewhere and publish a reference, or raise both limits.
 */
public final class EventTooLargeException extends PublishException {
    private final int sizeBytes;

    /**
     * @param eventType the event's type
     * @param eventId the event's id
     * @param sizeBytes the size of its data
     * @param cause the Kafka client's exception, whose message names the limit
     */
    public EventTooLargeException(String eventType, String eventId, int sizeBytes, Throwable cause) {
        super(
                "event " + eventType + " " + eventId + " has " + sizeBytes + " bytes of data, more than the producer's"
                        + " max.request.size or the topic's max.message.bytes allow (" + cause.getMessage()
                        + "); make the event smaller or raise both limits",
                cause);
        this.sizeBytes = sizeBytes;
    }

    /** The size of the event's data in bytes. */
    public int sizeBytes() {
        return sizeBytes;
    }
}
