package io.herald.client;

/**
 * Implemented by an event that computes its own partition key (the Kafka record key and the CloudEvents
 * {@code partitionkey} extension). Takes precedence over a {@link Key} component.
 */
public interface PartitionKey {
    /**
     * The partition key of this event: events with equal keys stay in order.
     *
     * @return the key, or {@code null} to fall back to the event's subject
     */
    String partitionKey();
}
