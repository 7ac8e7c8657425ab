package io.herald.log;

/**
 * When appended batches reach the disk. Set per topic with {@code flush.policy} (a Herald property; Kafka has none
 * because it relies on replication instead of fsync).
 */
public enum FlushPolicy {
    /** Every append is durable before it completes; concurrent appends share fsyncs (group commit). The default. */
    ALWAYS,
    /** Appends complete at once; the log is forced every {@code flush.messages} records or {@code flush.ms}. */
    INTERVAL
}
