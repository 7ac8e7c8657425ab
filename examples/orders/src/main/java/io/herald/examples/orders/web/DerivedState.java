package io.herald.examples.orders.web;

/**
 * What the page shows about an order's progress: its state, the step it is still waiting for (null once nothing is
 * pending), the reason of a rejection, cancellation or hold, and whether a compensation is under way or done.
 *
 * @param state the derived state
 * @param pending the step still awaited, for example {@code "waiting for payment…"}; null when the order is settled
 * @param reason the reason given by OrderRejected, OrderCancelled, OrderHeld, or the failing step; null otherwise
 * @param compensated true once a PaymentFailed was seen, so the page shows the compensation that followed it
 */
public record DerivedState(OrderState state, String pending, String reason, boolean compensated) {}
