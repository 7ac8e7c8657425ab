package io.herald.examples.orders.order;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where an order stands, as the Order service knows it from the events it receives and publishes.
 *
 * <pre>
 * PLACED --StockReserved--> STOCK_RESERVED --PaymentSucceeded--> (PAID) --OrderConfirmed--> CONFIRMED
 *   |                          |
 *   +--StockRejected--> REJECTED (OrderRejected)     +--PaymentFailed--> CANCELLED (OrderCancelled)
 *   +--FraudSuspected (PLACED or STOCK_RESERVED) --> HELD (OrderHeld); a held order is never confirmed
 * an order placed while its user is under review (an alert in the last 10 minutes) is held at once: PLACED --> HELD
 * </pre>
 *
 * <p>PAID is not stored: the Order service confirms a paid order in the transaction that handles PaymentSucceeded
 * (so a fraud alert cannot slip between the payment and the confirmation); the timeline shows the PaymentSucceeded
 * and OrderConfirmed events. Events of one order arrive over three topics and so in any order between topics; each
 * transition names the states it may start from and is ignored otherwise.
 */
public enum OrderState {
    PLACED,
    STOCK_RESERVED,
    PAID,
    CONFIRMED,
    REJECTED,
    CANCELLED,
    HELD;

    /** The states an order may still leave through the normal flow. */
    public static final Set<OrderState> OPEN = EnumSet.of(PLACED, STOCK_RESERVED, PAID);

    /** Whether nothing but a manual review changes this state. */
    public boolean isFinal() {
        return !OPEN.contains(this);
    }
}
