package io.herald.examples.orders.web;

/** What {@link FeedRecordReader} made of one Kafka record. */
sealed interface FeedRecord {
    /** An event of an order's workflow, to join by its correlation id. */
    record OrderEvent(TimelineEntry entry) implements FeedRecord {}

    /** An output row of the fraud rule. */
    record Alert(FraudAlert alert) implements FeedRecord {}

    /** Neither: not a CloudEvent, data that is not a JSON object, or an order event naming no order. */
    record Unreadable(String topic, int partition, long offset, String problem) implements FeedRecord {}
}
