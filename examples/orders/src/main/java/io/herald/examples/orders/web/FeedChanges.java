package io.herald.examples.orders.web;

import java.util.List;

/**
 * What changed after a given change sequence, taken in one step: the orders whose latest snapshot is newer (each
 * once, as it is now) and the fraud alerts that arrived since, both in change-sequence order. A reconnecting stream
 * client replays these to catch up.
 *
 * @param lastSequence the feed's latest change sequence at the time of the call
 * @param orders orders changed after the given sequence that are still kept, oldest change first
 * @param alerts alerts after the given sequence that are still kept, oldest first
 */
public record FeedChanges(long lastSequence, List<OrderTimeline> orders, List<FraudAlert> alerts) {
    public FeedChanges {
        orders = List.copyOf(orders);
        alerts = List.copyOf(alerts);
    }
}
