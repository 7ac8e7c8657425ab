package io.herald.examples.orders.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrderTimelinesTest {
    private final OrderTimelines timelines = new OrderTimelines(2, 2);

    @Test
    void sameEventIdTwiceChangesNothing() {
        assertThat(timelines.add(entry("e1", "OrderPlaced", "c1", "o1", 1))).isPresent();

        assertThat(timelines.add(entry("e1", "OrderPlaced", "c1", "o1", 1))).isEmpty();

        assertThat(timelines.find("o1").orElseThrow().entries()).hasSize(1);
        assertThat(timelines.lastSequence()).isEqualTo(1);
    }

    @Test
    void entriesAreOrderedByEventTimeWhateverTheArrivalOrder() {
        timelines.add(entry("e2", "StockReserved", "c1", "o1", 20));
        timelines.add(entry("e1", "OrderPlaced", "c1", "o1", 10));

        assertThat(timelines.find("o1").orElseThrow().entries())
                .extracting(TimelineEntry::eventId)
                .containsExactly("e1", "e2");
    }

    @Test
    void orderIsFoundByOrderIdWhenItsCorrelationIdDiffers() {
        timelines.add(entry("e1", "OrderPlaced", "flow-7", "o1", 1));

        assertThat(timelines.find("o1").orElseThrow().correlationId()).isEqualTo("flow-7");
        assertThat(timelines.find("flow-7").orElseThrow().orderId()).isEqualTo("o1");
    }

    @Test
    void leastRecentlyChangedOrderIsEvictedPastTheBound() {
        timelines.add(entry("a1", "OrderPlaced", "a", "a", 1));
        timelines.add(entry("b1", "OrderPlaced", "b", "b", 2));
        timelines.add(entry("a2", "StockReserved", "a", "a", 3)); // a changed after b

        timelines.add(entry("c1", "OrderPlaced", "c", "c", 4));

        assertThat(timelines.find("b")).isEmpty();
        assertThat(timelines.newest(10)).extracting(OrderTimeline::orderId).containsExactly("c", "a");
    }

    @Test
    void changesAfterASequenceAreTheOrdersAndAlertsChangedSince() {
        timelines.add(entry("a1", "OrderPlaced", "a", "a", 1));
        long sequence = timelines.lastSequence();
        timelines.add(entry("b1", "OrderPlaced", "b", "b", 2));
        timelines.add(alert("f1"));

        FeedChanges changes = timelines.changesAfter(sequence);

        assertThat(changes.orders()).extracting(OrderTimeline::orderId).containsExactly("b");
        assertThat(changes.alerts()).extracting(FraudAlert::eventId).containsExactly("f1");
        assertThat(changes.lastSequence()).isEqualTo(3);
    }

    @Test
    void alertsAreBoundedAndDeduplicated() {
        timelines.add(alert("f1"));
        assertThat(timelines.add(alert("f1"))).isEmpty();
        timelines.add(alert("f2"));
        timelines.add(alert("f3"));

        assertThat(timelines.newestAlerts(10)).extracting(FraudAlert::eventId).containsExactly("f3", "f2");
    }

    @Test
    void boundBelowOneIsRefusedWithTheValues() {
        assertThatThrownBy(() -> new OrderTimelines(0, 5))
                .hasMessage("maxOrders and maxAlerts must be >= 1, were 0 and 5");
    }

    private static TimelineEntry entry(String id, String type, String correlationId, String orderId, long second) {
        return new TimelineEntry(
                id,
                type,
                "/test",
                Instant.ofEpochSecond(second),
                "orders",
                0,
                second,
                correlationId,
                null,
                orderId,
                Map.of("orderId", orderId));
    }

    private static FraudAlert alert(String id) {
        return new FraudAlert(
                id,
                "FraudSuspected",
                "herald-cep/FraudSuspected",
                Instant.EPOCH,
                "fraud-alerts",
                0,
                0,
                "u",
                Map.of("userId", "u"),
                0);
    }
}
