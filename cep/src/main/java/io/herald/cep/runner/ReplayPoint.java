package io.herald.cep.runner;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a restarted runner must start reading so that it rebuilds the engine's state: per input partition, the
 * offsets the runner had reached the last time the engine held nothing (no buffered event, no window, partial match
 * or suppression). Replaying from there rebuilds exactly the state the engine has now. Each committed offset carries,
 * as metadata, the largest event time read from its partition before it, so the restarted runner starts from the
 * same partition watermarks and classifies the replayed events as late or on time as before.
 *
 * <p>Owned by the runner's loop thread; not thread-safe.
 */
final class ReplayPoint {
    private static final String METADATA_PREFIX = "herald-cep maxEventTimeMs=";

    /** Per partition, the next offset to process. */
    private final Map<TopicPartition, Long> next = new HashMap<>();

    private final Map<TopicPartition, Long> maxEventTimeMs = new HashMap<>();
    private Map<TopicPartition, OffsetAndMetadata> safe = Map.of();

    /** Forgets everything (the engine was rebuilt). */
    void reset() {
        next.clear();
        maxEventTimeMs.clear();
        safe = Map.of();
    }

    /** A partition starts at {@code offset}, with the largest event time read before it if known. */
    void start(TopicPartition partition, long offset, OptionalLong maxEventTimeBeforeMs) {
        next.put(partition, offset);
        if (maxEventTimeBeforeMs.isPresent()) {
            maxEventTimeMs.put(partition, maxEventTimeBeforeMs.getAsLong());
        } else {
            maxEventTimeMs.remove(partition);
        }
    }

    /** An event of a partition with this event time was handed to the engine. */
    void onEventTime(TopicPartition partition, long eventTimeMs) {
        maxEventTimeMs.merge(partition, eventTimeMs, Math::max);
    }

    /** The record before {@code nextOffset} is fully handled (its outputs sent). */
    void advance(TopicPartition partition, long nextOffset) {
        next.put(partition, nextOffset);
    }

    /** The engine holds nothing now: everything read so far may be committed. */
    void markSafe() {
        Map<TopicPartition, OffsetAndMetadata> point = new HashMap<>();
        next.forEach((partition, offset) -> {
            Long max = maxEventTimeMs.get(partition);
            point.put(partition, new OffsetAndMetadata(offset, max == null ? "" : METADATA_PREFIX + max));
        });
        safe = Map.copyOf(point);
    }

    /** The offsets to commit: the last point where the engine held nothing. */
    Map<TopicPartition, OffsetAndMetadata> safeOffsets() {
        return safe;
    }

    /** Per partition, the next offset to process. */
    Map<TopicPartition, Long> positions() {
        return Map.copyOf(next);
    }

    /** The largest event time recorded in a committed offset's metadata, if it has one. */
    static OptionalLong maxEventTimeMs(OffsetAndMetadata committed) {
        String metadata = committed.metadata();
        if (metadata == null || !metadata.startsWith(METADATA_PREFIX)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(metadata.substring(METADATA_PREFIX.length())));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
