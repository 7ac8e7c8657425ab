package io.herald.broker.group;

/**
 * Consumer lag of one group on one partition, as JMX shows it under {@code
 * io.herald:type=ConsumerLag,cluster=<cluster id>,group=<group>,topic=<topic>,partition=<n>}: what monitoring (jconsole,
 * a JMX exporter for Prometheus) reads, computed when read.
 */
public interface ConsumerLagMBean {
    /** The offset the group committed: the next record it will read. */
    long getCommittedOffset();

    /** The partition's log end offset, or -1 when the topic no longer exists. */
    long getLogEndOffset();

    /** Records the group has yet to read: log end offset minus committed offset, at least 0; -1 when unknown. */
    long getLag();
}
