package io.herald.broker.group.consumer;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;

/** The broker's topics for tests: created, grown and deleted at will; ids are handed out in creation order. */
final class FakeTopics implements TopicView {
    private final Map<String, Uuid> ids = new TreeMap<>();
    private final Map<String, Integer> partitionCounts = new TreeMap<>();
    private long nextId = 1;

    Uuid create(String name, int partitions) {
        Uuid id = new Uuid(1, nextId++);
        ids.put(name, id);
        partitionCounts.put(name, partitions);
        return id;
    }

    void setPartitionCount(String name, int partitions) {
        partitionCounts.put(name, partitions);
    }

    void delete(String name) {
        ids.remove(name);
        partitionCounts.remove(name);
    }

    TopicIdPartition partition(String name, int partition) {
        return new TopicIdPartition(ids.get(name), partition);
    }

    /** Partitions {@code ids} of topic {@code name}. */
    SortedSet<TopicIdPartition> partitions(String name, int... partitionIds) {
        SortedSet<TopicIdPartition> partitions = new TreeSet<>();
        for (int id : partitionIds) partitions.add(partition(name, id));
        return partitions;
    }

    /** Every partition of the topics {@code names}. */
    SortedSet<TopicIdPartition> allPartitions(List<String> names) {
        SortedSet<TopicIdPartition> partitions = new TreeSet<>();
        for (String name : names) {
            if (!ids.containsKey(name)) continue;
            for (int p = 0; p < partitionCounts.get(name); p++) partitions.add(partition(name, p));
        }
        return partitions;
    }

    @Override
    public Uuid topicId(String topicName) {
        return ids.get(topicName);
    }

    @Override
    public String topicName(Uuid topicId) {
        for (Map.Entry<String, Uuid> entry : ids.entrySet()) {
            if (entry.getValue().equals(topicId)) return entry.getKey();
        }
        return null;
    }

    @Override
    public int partitionCount(String topicName) {
        return partitionCounts.getOrDefault(topicName, -1);
    }

    @Override
    public Collection<String> topicNames() {
        return ids.keySet();
    }
}
