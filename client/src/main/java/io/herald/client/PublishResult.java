package io.herald.client;

/**
 * Where an acknowledged event was written.
 *
 * @param eventId the event's CloudEvents {@code id}
 * @param topic the topic
 * @param partition the partition
 * @param offset its offset in the partition
 */
public record PublishResult(String eventId, String topic, int partition, long offset) {}
