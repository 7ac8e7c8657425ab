package io.herald.cep.engine;

import java.util.HashMap;
import java.util.Map;

/**
 * Computes a rule's watermark from its input partitions: per partition, the largest event time seen minus the lag;
 * for the rule, the minimum over the partitions that are not idle. A partition is idle when no event came from it for
 * the idle timeout of processing time; when every partition is idle the largest partition watermark counts, so the
 * last windows still close. The result never goes back. Processing time is passed in by the caller (read from an
 * injected clock), never read here. Owned by the runner's loop; not thread-safe.
 */
public final class WatermarkTracker {
    private static final class PartitionTime {
        long maxEventTimeMs = Long.MIN_VALUE;
        long lastSeenMs;
    }

    private final long lagMs;
    private final long idleTimeoutMs;
    private final Map<String, PartitionTime> partitions = new HashMap<>();
    private long watermarkMs = Long.MIN_VALUE;

    /** A tracker with the rule's {@code WATERMARK LAG} and {@code IDLE TIMEOUT}. */
    public static WatermarkTracker of(io.herald.cep.plan.Source source) {
        return new WatermarkTracker(
                source.watermarkLag().toMillis(), source.idleTimeout().toMillis());
    }

    /** A tracker for a rule's {@code WATERMARK LAG} and {@code IDLE TIMEOUT}, in milliseconds. */
    public WatermarkTracker(long lagMs, long idleTimeoutMs) {
        this.lagMs = lagMs;
        this.idleTimeoutMs = idleTimeoutMs;
    }

    /**
     * Declares an input partition before its first event, so that it holds the watermark back until it speaks or
     * goes idle.
     */
    public void assign(String topic, int partition, long nowMs) {
        partitions.computeIfAbsent(topic + "-" + partition, k -> new PartitionTime()).lastSeenMs = nowMs;
    }

    /** Records an event of a partition at processing time {@code nowMs}. */
    public void onEvent(String topic, int partition, long eventTimeMs, long nowMs) {
        PartitionTime p = partitions.computeIfAbsent(topic + "-" + partition, k -> new PartitionTime());
        p.maxEventTimeMs = Math.max(p.maxEventTimeMs, eventTimeMs);
        p.lastSeenMs = nowMs;
    }

    /** The rule's watermark at this processing time. */
    public long watermarkMs(long nowMs) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        boolean anyActive = false;
        for (PartitionTime p : partitions.values()) {
            long partitionWatermark = p.maxEventTimeMs == Long.MIN_VALUE ? Long.MIN_VALUE : p.maxEventTimeMs - lagMs;
            max = Math.max(max, partitionWatermark);
            if (nowMs - p.lastSeenMs < idleTimeoutMs) {
                anyActive = true;
                min = Math.min(min, partitionWatermark);
            }
        }
        long candidate = anyActive ? min : max;
        watermarkMs = Math.max(watermarkMs, candidate);
        return watermarkMs;
    }
}
