package io.herald.broker.group;

import io.herald.broker.partition.Partition;
import io.herald.broker.topic.TopicRegistry;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes consumer lag per group and partition as JMX MBeans ({@link ConsumerLagMBean}), one per committed offset,
 * registered when a group first commits a partition and removed with the offset. The cluster id is part of the name so
 * that several brokers in one JVM (tests, the testkit) do not collide.
 *
 * <p>Thread-safety: called under the coordinator's lock; JMX reads run on JMX threads and only read a volatile
 * committed offset and the partition's log end offset.
 */
final class ConsumerLagMetrics implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLagMetrics.class);

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final TopicRegistry topics;
    private final String clusterId;
    private final Map<ObjectName, PartitionLag> registered = new HashMap<>();

    ConsumerLagMetrics(TopicRegistry topics, String clusterId) {
        this.topics = topics;
        this.clusterId = clusterId;
    }

    void onCommitted(String group, TopicPartition tp, CommittedOffset committed) {
        ObjectName name = name(group, tp);
        PartitionLag lag = registered.get(name);
        if (lag != null) {
            lag.committedOffset = committed.offset();
            return;
        }
        lag = new PartitionLag(tp, committed.offset());
        try {
            server.registerMBean(new StandardMBean(lag, ConsumerLagMBean.class), name);
            registered.put(name, lag);
        } catch (JMException e) {
            LOG.warn("cannot publish the consumer lag of group {} on {} over JMX: {}", group, tp, e.toString());
        }
    }

    void onRemoved(String group, TopicPartition tp) {
        unregister(name(group, tp));
    }

    private void unregister(ObjectName name) {
        if (registered.remove(name) == null) return;
        try {
            server.unregisterMBean(name);
        } catch (JMException e) {
            LOG.warn("cannot remove the JMX consumer lag {}: {}", name, e.toString());
        }
    }

    private ObjectName name(String group, TopicPartition tp) {
        try {
            return new ObjectName("io.herald:type=ConsumerLag,cluster=" + ObjectName.quote(clusterId) + ",group="
                    + ObjectName.quote(group) + ",topic=" + ObjectName.quote(tp.topic()) + ",partition="
                    + tp.partition());
        } catch (JMException e) {
            throw new IllegalStateException("a quoted JMX name cannot be malformed: " + e, e);
        }
    }

    @Override
    public void close() {
        for (ObjectName name : Map.copyOf(registered).keySet()) unregister(name);
    }

    /** One group's lag on one partition. */
    private final class PartitionLag implements ConsumerLagMBean {
        private final TopicPartition tp;
        private volatile long committedOffset;

        PartitionLag(TopicPartition tp, long committedOffset) {
            this.tp = tp;
            this.committedOffset = committedOffset;
        }

        @Override
        public long getCommittedOffset() {
            return committedOffset;
        }

        @Override
        public long getLogEndOffset() {
            Partition partition = topics.partition(tp);
            return partition == null ? -1 : partition.logEndOffset();
        }

        @Override
        public long getLag() {
            long end = getLogEndOffset();
            return end < 0 ? -1 : Math.max(0, end - committedOffset);
        }
    }
}
