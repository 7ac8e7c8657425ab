package io.herald.cep.engine;

/**
 * What one rule's engine has seen and done since it started; the runner exports these as metrics.
 *
 * @param eventsIn events offered to the rule
 * @param rowsOut rows and retractions written to the INTO topic
 * @param lateEvents events sent to {@code <rule>.late}
 * @param overflowEvents events sent to {@code <rule>.overflow} by the key cap
 * @param evictedPartialMatches partial matches dropped by the per-key cap
 */
public record EngineCounters(
        long eventsIn, long rowsOut, long lateEvents, long overflowEvents, long evictedPartialMatches) {}
