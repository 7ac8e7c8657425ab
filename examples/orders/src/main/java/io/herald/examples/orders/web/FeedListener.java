package io.herald.examples.orders.web;

/**
 * Told by {@link WorkflowFeed} about each change, on the feed's thread, in change-sequence order and outside its
 * lock. Return quickly (hand the work to another thread): the feed reads no further events until a listener returns.
 */
public interface FeedListener {
    /** An order's timeline changed: a new event joined it. {@code timeline} is the new snapshot. */
    default void onOrderChanged(OrderTimeline timeline) {}

    /** The fraud rule fired. */
    default void onFraudAlert(FraudAlert alert) {}
}
