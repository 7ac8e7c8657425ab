package io.herald.examples.orders.order;

import java.util.List;

/**
 * The body of {@code POST /api/orders}.
 *
 * @param userId who orders
 * @param location where from (a city)
 * @param items what, without prices: the Order service quotes them from the catalog
 */
public record PlaceOrder(String userId, String location, List<Line> items) {
    /** One requested line. */
    public record Line(String sku, int quantity) {}
}
