package io.herald.examples.orders.events;

/**
 * One line of an order: how many of a SKU, at the unit price the Order service quoted when the order was placed.
 *
 * @param sku the stock-keeping unit, for example {@code sku-mug}
 * @param quantity how many units, at least 1
 * @param priceCents the unit price in cents
 */
public record LineItem(String sku, int quantity, long priceCents) {
    /** The line's total in cents. */
    public long totalCents() {
        return quantity * priceCents;
    }
}
