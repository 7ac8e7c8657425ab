package io.herald.examples.orders.events;

import io.herald.client.EventType;

/**
 * The fraud rule's alert (topic {@code fraud-alerts}), written by the CEP runner: its CloudEvents type is the rule's
 * name and its data the rule's SELECT row, keyed by the user.
 *
 * @param userId the user who placed the burst
 * @param purchases how many orders the user placed within the minute
 * @param locations from how many distinct locations
 */
@EventType(FraudSuspected.TYPE)
public record FraudSuspected(String userId, long purchases, long locations) {
    /** The rule's name in {@code rules/fraud.rule}, which the runner writes as the alerts' type. */
    public static final String TYPE = "FraudSuspected";
}
