package io.herald.examples.orders.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.client.PublishResult;
import io.herald.testkit.HeraldExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The feed against the testkit broker, the events published through the SDK as the four services publish them
 * ({@link OrderFlows}): the join by correlation id, the state table, pending states, the compensation, duplicates,
 * arrival order and fraud alerts. The bound on memory is {@link WorkflowFeedBoundIT}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WorkflowFeedIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    static OrderFlows flows;

    WorkflowFeed feed;
    final Map<String, AtomicInteger> changesByOrder = new ConcurrentHashMap<>();
    final List<FraudAlert> alertsHeard = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void topics() {
        OrderFlows.createTopics(herald.herald());
        flows = new OrderFlows(herald.bootstrapServers());
    }

    @AfterAll
    static void closeFlows() {
        flows.close();
    }

    @BeforeEach
    void startFeed() {
        feed = new WorkflowFeed(herald.bootstrapServers());
        feed.addListener(new FeedListener() {
            @Override
            public void onOrderChanged(OrderTimeline timeline) {
                changesByOrder
                        .computeIfAbsent(timeline.orderId(), id -> new AtomicInteger())
                        .incrementAndGet();
            }

            @Override
            public void onFraudAlert(FraudAlert alert) {
                alertsHeard.add(alert);
            }
        });
        feed.start();
    }

    @AfterEach
    void closeFeed() {
        feed.close();
    }

    @Test
    void confirmedOrderJoinsTheEventsOfFourServicesByCorrelationId() {
        String orderId = newOrderId();
        List<PublishResult> sent = flows.confirmed(orderId, "alice", "Lisbon");

        OrderTimeline timeline = awaitEntries(feed, orderId, 5);

        assertThat(timeline.entries())
                .extracting(TimelineEntry::type)
                .containsExactly("OrderPlaced", "StockReserved", "PaymentSucceeded", "OrderConfirmed", "EmailSent");
        assertThat(timeline.entries())
                .extracting(TimelineEntry::source)
                .containsExactly("/orders", "/inventory", "/payment", "/orders", "/email");
        assertThat(timeline.entries())
                .extracting(TimelineEntry::topic, TimelineEntry::partition, TimelineEntry::offset)
                .containsExactlyElementsOf(sent.stream()
                        .map(at -> org.assertj.core.groups.Tuple.tuple(at.topic(), at.partition(), at.offset()))
                        .toList());
        assertThat(timeline.entries()).allSatisfy(entry -> {
            assertThat(entry.correlationId()).isEqualTo(orderId);
            assertThat(entry.orderId()).isEqualTo(orderId);
            assertThat(entry.time()).isNotNull();
        });
        assertThat(timeline.derived()).isEqualTo(new DerivedState(OrderState.CONFIRMED, null, null, false));
        assertThat(timeline.userId()).isEqualTo("alice");
        assertThat(timeline.location()).isEqualTo("Lisbon");
        assertThat(timeline.amountCents()).isEqualTo(OrderFlows.AMOUNT_CENTS);
        assertThat(timeline.items()).extracting(item -> item.get("sku")).containsExactly("sku-book", "sku-pen");
        assertThat(timeline.entries().get(2).data()).containsEntry("paymentId", "pay-" + orderId);
    }

    @Test
    void orderWaitingForPaymentIsPendingNotDone() {
        String orderId = newOrderId();
        flows.awaitingPayment(orderId, "bob", "Porto");

        OrderTimeline timeline = awaitEntries(feed, orderId, 2);

        assertThat(timeline.state()).isEqualTo(OrderState.STOCK_RESERVED);
        assertThat(timeline.state().terminal()).isFalse();
        assertThat(timeline.derived().pending()).isEqualTo("waiting for payment…");
    }

    @Test
    void failedPaymentShowsTheCompensationThatFollowed() {
        String orderId = newOrderId();
        flows.paymentFailed(orderId, "carol", "Faro", "card declined");

        OrderTimeline timeline = awaitEntries(feed, orderId, 5);

        assertThat(timeline.entries())
                .extracting(TimelineEntry::type)
                .containsExactly("OrderPlaced", "StockReserved", "PaymentFailed", "StockReleased", "OrderCancelled");
        assertThat(timeline.derived()).isEqualTo(new DerivedState(OrderState.CANCELLED, null, "card declined", true));
        TimelineEntry failed = timeline.entries().get(2);
        assertThat(timeline.entries().subList(3, 5))
                .allSatisfy(
                        compensation -> assertThat(compensation.causationId()).isEqualTo(failed.eventId()));
    }

    @Test
    void rejectedStockRejectsTheOrderWithTheReason() {
        String orderId = newOrderId();
        flows.stockRejected(orderId, "dan", "Braga", "sku-book: 0 left");

        OrderTimeline timeline = awaitEntries(feed, orderId, 3);

        assertThat(timeline.derived())
                .isEqualTo(new DerivedState(OrderState.REJECTED, null, "out of stock: sku-book: 0 left", false));
    }

    @Test
    void redeliveredEventAppearsOnce() {
        String orderId = newOrderId();
        List<PublishResult> sent = flows.confirmed(orderId, "erin", "Evora");
        awaitEntries(feed, orderId, 5);

        flows.redeliver(sent.get(0)); // OrderPlaced again, same ce_id, at a later offset of its partition
        // a later event on the same partition: once the feed has it, it has read past the duplicate
        String laterOrderId = newOrderIdOnPartitionOf(orderId, 3);
        flows.placed(laterOrderId, "erin", "Evora");
        awaitEntries(feed, laterOrderId, 1);

        OrderTimeline timeline = feed.timeline(orderId).orElseThrow();
        assertThat(timeline.entries()).hasSize(5);
        assertThat(timeline.entries()).extracting(TimelineEntry::eventId).doesNotHaveDuplicates();
        assertThat(changesByOrder.get(orderId)).hasValue(5);
    }

    @Test
    void feedStartedLaterRebuildsTheSameTimelinesWhateverTheTopicsInterleaving() {
        String confirmed = newOrderId();
        String cancelled = newOrderId();
        flows.confirmed(confirmed, "fay", "Lisbon");
        flows.paymentFailed(cancelled, "fay", "Lisbon", "insufficient funds");
        OrderTimeline confirmedLive = awaitEntries(feed, confirmed, 5);
        OrderTimeline cancelledLive = awaitEntries(feed, cancelled, 5);

        try (WorkflowFeed replaying = new WorkflowFeed(herald.bootstrapServers()).start()) {
            OrderTimeline confirmedReplayed = awaitEntries(replaying, confirmed, 5);
            OrderTimeline cancelledReplayed = awaitEntries(replaying, cancelled, 5);

            assertThat(confirmedReplayed.entries()).isEqualTo(confirmedLive.entries());
            assertThat(confirmedReplayed.derived()).isEqualTo(confirmedLive.derived());
            assertThat(cancelledReplayed.entries()).isEqualTo(cancelledLive.entries());
            assertThat(cancelledReplayed.derived()).isEqualTo(cancelledLive.derived());
        }
    }

    @Test
    void fraudAlertIsKeptInItsOwnListAndTheHeldOrderIsHeld() {
        String orderId = newOrderId();
        PublishResult placed = flows.placed(orderId, "mallory", "Oslo");
        String alertId = flows.fraudAlert("mallory", 5, 4);
        flows.held(orderId, placed, "fraud review: 5 purchases from 4 locations");

        await().atMost(WAIT)
                .until(() -> feed.alerts(50).stream()
                        .anyMatch(alert -> alert.eventId().equals(alertId)));
        OrderTimeline timeline = awaitEntries(feed, orderId, 2);

        FraudAlert alert = feed.alerts(50).stream()
                .filter(a -> a.eventId().equals(alertId))
                .findFirst()
                .orElseThrow();
        assertThat(alert.userId()).isEqualTo("mallory");
        assertThat(alert.type()).isEqualTo("FraudSuspected");
        assertThat(alert.data()).containsEntry("purchases", 5).containsEntry("locations", 4);
        assertThat(alertsHeard).extracting(FraudAlert::eventId).contains(alertId);
        assertThat(timeline.derived())
                .isEqualTo(
                        new DerivedState(OrderState.HELD, null, "fraud review: 5 purchases from 4 locations", false));
        assertThat(timeline.entries()).extracting(TimelineEntry::type).containsExactly("OrderPlaced", "OrderHeld");
    }

    @Test
    void changesAfterASequenceHoldOnlyWhatChangedSince() {
        String before = newOrderId();
        flows.confirmed(before, "gus", "Porto");
        awaitEntries(feed, before, 5);
        long sequence = feed.lastSequence();

        String after = newOrderId();
        flows.confirmed(after, "gus", "Porto");
        awaitEntries(feed, after, 5);

        FeedChanges changes = feed.changesAfter(sequence);
        assertThat(changes.orders())
                .extracting(OrderTimeline::orderId)
                .contains(after)
                .doesNotContain(before);
        assertThat(changes.orders())
                .filteredOn(order -> order.orderId().equals(after))
                .singleElement()
                .satisfies(order -> assertThat(order.entries()).hasSize(5));
        assertThat(changes.lastSequence()).isGreaterThan(sequence);
    }

    static OrderTimeline awaitEntries(WorkflowFeed feed, String orderId, int entries) {
        return await().atMost(WAIT)
                .until(
                        () -> feed.timeline(orderId).orElse(null),
                        timeline -> timeline != null && timeline.entries().size() >= entries);
    }

    static String newOrderId() {
        return "o-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A new order id whose key goes to the same partition as {@code orderId}'s (the producer's default hashing). */
    static String newOrderIdOnPartitionOf(String orderId, int partitions) {
        int partition = partitionOf(orderId, partitions);
        while (true) {
            String candidate = newOrderId();
            if (partitionOf(candidate, partitions) == partition) {
                return candidate;
            }
        }
    }

    private static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
