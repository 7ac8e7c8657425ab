package io.herald.cep.runner;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * What a runner has done so far, read from any thread. The engine's figures ({@code eventsIn} to {@code stateSize})
 * are those of its current engine: a rebalance rebuilds the engine and replays from the committed offsets, so they
 * count again from there.
 *
 * @param recordsRead input records fully handled (their outputs handed to the producer)
 * @param outputsSent output records handed to the producer
 * @param outputsAcknowledged output records the cluster acknowledged (acks=all)
 * @param positions per input partition, the next offset to handle
 * @param eventsIn events offered to the rule's engine
 * @param rowsOut rows and retractions written to the INTO topic
 * @param lateEvents events sent to {@code <rule>.late} for being late (unreadable records are not counted here)
 * @param overflowEvents events refused by the key cap
 * @param stateSize what the engine holds: buffered events, window entries, partial matches, suppressions
 * @param lagRecords records not yet read in the owned input partitions (log end offset minus position, as the
 *     consumer last saw it); 0 before the first fetch
 */
public record RunnerStats(
        long recordsRead,
        long outputsSent,
        long outputsAcknowledged,
        Map<TopicPartition, Long> positions,
        long eventsIn,
        long rowsOut,
        long lateEvents,
        long overflowEvents,
        long stateSize,
        long lagRecords) {

    /** Copies the positions. */
    public RunnerStats {
        positions = Map.copyOf(positions);
    }

    /** The first four figures only (the others 0), as before the engine's figures were added. */
    public RunnerStats(
            long recordsRead, long outputsSent, long outputsAcknowledged, Map<TopicPartition, Long> positions) {
        this(recordsRead, outputsSent, outputsAcknowledged, positions, 0, 0, 0, 0, 0, 0);
    }
}
