package io.herald.examples.orders.order;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The body of {@code POST /api/orders}.
 *
 * @param userId who orders
 * @param location where from (a city)
 * @param items what, without prices: the Order service quotes them from the catalog
 * @param giftMessage printed on the confirmation mail (at most {@value
 *     io.herald.examples.orders.events.OrderPlaced#MAX_GIFT_MESSAGE_CHARS} characters), or null
 */
public record PlaceOrder(String userId, String location, List<Line> items, String giftMessage) {
    /** The canonical constructor, named for Jackson since the record has two. */
    @JsonCreator
    public PlaceOrder(
            @JsonProperty("userId") String userId,
            @JsonProperty("location") String location,
            @JsonProperty("items") List<Line> items,
            @JsonProperty("giftMessage") String giftMessage) {
        this.userId = userId;
        this.location = location;
        this.items = items;
        this.giftMessage = giftMessage;
    }

    /** An order without a gift message. */
    public PlaceOrder(String userId, String location, List<Line> items) {
        this(userId, location, items, null);
    }

    /** One requested line. */
    public record Line(String sku, int quantity) {}
}
