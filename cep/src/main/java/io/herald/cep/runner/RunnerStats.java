package io.herald.cep.runner;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * What a runner has done so far, read from any thread.
 *
 * @param recordsRead input records fully handled (their outputs handed to the producer)
 * @param outputsSent output records handed to the producer
 * @param outputsAcknowledged output records the cluster acknowledged (acks=all)
 * @param positions per input partition, the next offset to handle
 */
public record RunnerStats(
        long recordsRead, long outputsSent, long outputsAcknowledged, Map<TopicPartition, Long> positions) {

    /** Copies the positions. */
    public RunnerStats {
        positions = Map.copyOf(positions);
    }
}
