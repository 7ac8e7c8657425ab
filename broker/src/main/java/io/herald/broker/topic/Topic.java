package io.herald.broker.topic;

import io.herald.broker.partition.Partition;
import java.util.List;
import org.apache.kafka.common.Uuid;

/**
 * A topic as the registry holds it at one moment: its permanent id, its partitions (index = partition number) and its
 * config. Immutable; the registry replaces it when partitions are added or the config changes.
 */
public record Topic(String name, Uuid id, List<Partition> partitions, TopicConfig config) {

    public Topic {
        partitions = List.copyOf(partitions);
    }

    /**
     * True for Kafka's internal topics ({@code __consumer_offsets}): written only by the broker itself, shown to
     * clients as internal, never created by a client's metadata request.
     */
    public boolean isInternal() {
        return org.apache.kafka.common.internals.Topic.isInternal(name);
    }

    public int partitionCount() {
        return partitions.size();
    }

    /** The partition, or null when {@code index} is out of range. */
    public Partition partition(int index) {
        return index >= 0 && index < partitions.size() ? partitions.get(index) : null;
    }
}
