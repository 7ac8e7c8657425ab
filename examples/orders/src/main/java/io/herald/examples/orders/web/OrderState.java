package io.herald.examples.orders.web;

/**
 * The state of one order as the page derives it from the order's events, with the contract's table (see {@link
 * OrderStateTable}). The names are the Order service's own states.
 *
 * <pre>
 * PLACED ──StockReserved──▶ STOCK_RESERVED ──PaymentSucceeded──▶ PAID ──OrderConfirmed──▶ CONFIRMED
 *    │                            │
 *    └─StockRejected─▶ OrderRejected ─▶ REJECTED      └─PaymentFailed─▶ OrderCancelled ─▶ CANCELLED (+ StockReleased)
 * any state before CONFIRMED ──OrderHeld (fraud alert)──▶ HELD
 * </pre>
 *
 * An enum rather than sealed records: the states carry no data of their own (the reason and the pending step live in
 * {@link DerivedState}).
 */
public enum OrderState {
    /** OrderPlaced seen; the inventory has not answered. */
    PLACED(false),
    /** StockReserved seen; the payment has not answered. */
    STOCK_RESERVED(false),
    /** PaymentSucceeded seen; the Order service has not confirmed yet. */
    PAID(false),
    /** OrderConfirmed seen: done. */
    CONFIRMED(true),
    /** OrderRejected seen (after StockRejected): done, with a reason. */
    REJECTED(true),
    /** OrderCancelled seen (after PaymentFailed; the stock is released): done, with a reason. */
    CANCELLED(true),
    /** OrderHeld seen: held for fraud review, never confirmed. */
    HELD(true);

    private final boolean terminal;

    OrderState(boolean terminal) {
        this.terminal = terminal;
    }

    /** True when no further event of the order's workflow is expected (a held order waits for a person). */
    public boolean terminal() {
        return terminal;
    }
}
