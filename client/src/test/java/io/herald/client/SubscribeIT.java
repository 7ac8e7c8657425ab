package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.herald.testkit.HeraldExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SubscribeIT {
    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    @EventType("OrderPlaced")
    record OrderPlaced(@Key String orderId, long amountCents) {}

    @EventType("OrderShipped")
    record OrderShipped(@Key String orderId) {}

    @EventType(value = "Greeting", version = 1)
    record GreetingV1(@Key String name) {}

    @EventType(value = "Greeting", version = 2)
    record GreetingV2(@Key String name, String language) {}

    private EventPublisher publisher(Clock clock) {
        return EventPublisher.builder()
                .bootstrapServers(herald.bootstrapServers())
                .source("/shop")
                .clock(clock)
                .build();
    }

    /** Publishes {@code count} events, each acknowledged before the next: a batch each. */
    private void publishOneByOne(String topic, int count, IntFunction<Object> event) throws Exception {
        try (EventPublisher publisher = publisher(Clock.systemUTC())) {
            for (int i = 0; i < count; i++) {
                publisher.publish(topic, event.apply(i)).get();
            }
        }
    }

    private EventSubscriber.Builder subscriber(String group, String topic) {
        return EventSubscriber.builder()
                .bootstrapServers(herald.bootstrapServers())
                .groupId(group)
                .topics(topic);
    }

    @Test
    void handlerGetsTheTypedEventWithItsAttributesAndOtherTypesAreSkipped() throws Exception {
        herald.herald().createTopic("shop", 2);
        List<IncomingEvent<OrderPlaced>> received = new CopyOnWriteArrayList<>();
        PublishResult placed;
        try (EventPublisher publisher = publisher(Clock.systemUTC())) {
            publisher.publish("shop", new OrderShipped("o-0")).get();
            placed = publisher.publish("shop", new OrderPlaced("o-1", 4200)).get();
        }

        try (EventSubscriber subscriber = subscriber("billing", "shop")
                .on(OrderPlaced.class, received::add)
                .start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 1);
            await().atMost(Duration.ofSeconds(20))
                    .until(() ->
                            subscriber.health().inFlight().values().stream().allMatch(n -> n == 0));
        }

        IncomingEvent<OrderPlaced> event = received.getFirst();
        assertThat(event.data()).isEqualTo(new OrderPlaced("o-1", 4200));
        assertThat(event.id()).isEqualTo(placed.eventId());
        assertThat(event.type()).isEqualTo("OrderPlaced");
        assertThat(event.metadata().source()).hasToString("/shop");
        assertThat(event.metadata().partitionKey()).isEqualTo("o-1");
        assertThat(event.metadata().subject()).isEqualTo("o-1");
        assertThat(event.correlationId()).isEqualTo(placed.eventId());
        assertThat(event.partition()).isEqualTo(placed.partition());
        assertThat(event.offset()).isEqualTo(placed.offset());
        assertThat(event.topic()).isEqualTo("shop");
    }

    @Test
    void anOldVersionIsUpcastToTheCurrentRecord() throws Exception {
        herald.herald().createTopic("greetings", 1);
        try (EventPublisher publisher = publisher(Clock.systemUTC())) {
            publisher.publish("greetings", new GreetingV1("ada")).get();
            publisher.publish("greetings", new GreetingV2("bob", "fr")).get();
        }
        List<GreetingV2> received = new CopyOnWriteArrayList<>();
        EventCodec codec = EventCodec.json(Upcasters.builder()
                .add("Greeting", 1, v1 -> v1.put("language", "en"))
                .build());

        try (EventSubscriber subscriber = subscriber("greeter", "greetings")
                .codec(codec)
                .on(GreetingV2.class, event -> received.add(event.data()))
                .start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 2);
        }

        // different keys: handled concurrently, in either order
        assertThat(received).containsExactlyInAnyOrder(new GreetingV2("ada", "en"), new GreetingV2("bob", "fr"));
    }

    @Test
    void replayStartsFromTheBeginningAnOffsetOrATime() throws Exception {
        herald.herald().createTopic("replay", 1);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 6; i++) {
            try (EventPublisher publisher = publisher(Clock.fixed(t0.plusSeconds(60L * i), ZoneOffset.UTC))) {
                publisher.publish("replay", new OrderPlaced("o", i)).get();
            }
        }
        // the group has read everything already
        AtomicInteger firstRead = new AtomicInteger();
        try (EventSubscriber subscriber = subscriber("replayer", "replay")
                .on(OrderPlaced.class, event -> firstRead.incrementAndGet())
                .start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> firstRead.get() == 6);
        }

        assertThat(amountsFrom(StartPosition.committed())).isEmpty();
        assertThat(amountsFrom(StartPosition.beginning())).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(amountsFrom(StartPosition.offset(4))).containsExactly(4L, 5L);
        assertThat(amountsFrom(StartPosition.time(t0.plusSeconds(150)))).containsExactly(3L, 4L, 5L);
    }

    private List<Long> amountsFrom(StartPosition position) throws InterruptedException {
        List<Long> amounts = new CopyOnWriteArrayList<>();
        try (EventSubscriber subscriber = subscriber("replayer", "replay")
                .startFrom(position)
                .on(OrderPlaced.class, event -> amounts.add(event.data().amountCents()))
                .start()) {
            // the end of the partition is reached when the lag is 0 and nothing is in flight
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> subscriber.health().lag().values().stream().anyMatch(lag -> lag == 0)
                            && subscriber.health().inFlight().values().stream().allMatch(n -> n == 0));
        }
        return amounts;
    }

    static final class ShopHandlers {
        final List<OrderPlaced> placed = new CopyOnWriteArrayList<>();
        final List<String> shippedIds = new CopyOnWriteArrayList<>();

        @HandlesEvent
        void on(OrderPlaced event) {
            placed.add(event);
        }

        @HandlesEvent
        void on(IncomingEvent<OrderShipped> event) {
            shippedIds.add(event.id());
        }
    }

    @Test
    void annotatedMethodsHandleABatchPublishedTogether() throws Exception {
        herald.herald().createTopic("shop-annotated", 3);
        List<PublishResult> results;
        try (EventPublisher publisher = publisher(Clock.systemUTC())) {
            results = publisher
                    .publishAll(
                            "shop-annotated",
                            List.of(new OrderPlaced("o-1", 1), new OrderShipped("o-1"), new OrderPlaced("o-2", 2)))
                    .get();
        }
        ShopHandlers handlers = new ShopHandlers();

        try (EventSubscriber subscriber =
                subscriber("annotated", "shop-annotated").handlers(handlers).start()) {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> handlers.placed.size() == 2 && handlers.shippedIds.size() == 1);
        }

        assertThat(results).hasSize(3);
        assertThat(handlers.placed).containsExactlyInAnyOrder(new OrderPlaced("o-1", 1), new OrderPlaced("o-2", 2));
        assertThat(handlers.shippedIds).containsExactly(results.get(1).eventId());
    }

    @Test
    void theDefaultLimitIsFivePollsWorthOfEvents() throws Exception {
        herald.herald().createTopic("busy-default", 1);
        publishOneByOne("busy-default", 12, i -> new OrderPlaced("o-" + i, i));

        // 5 x max.poll.records: the partition is paused with five events in flight
        assertPausedOnceStarted(
                subscriber("slow-default", "busy-default").properties(Map.of("max.poll.records", 1)), 5, 12);
    }

    @Test
    void aPollHandsOverUpToTwoThousandEventsUnlessMaxPollRecordsIsSet() throws Exception {
        herald.herald().createTopic("big-polls", 1);
        List<Object> events = new ArrayList<>();
        for (int i = 0; i < 2_200; i++) {
            events.add(new OrderPlaced("o-" + i, i)); // a key each: every event's handler starts at once
        }
        try (EventPublisher publisher = publisher(Clock.systemUTC())) {
            publisher.publishAll("big-polls", events).get(); // about 0.6 MB: one fetch brings it all
        }

        // One poll of 2,000 fills the partition past 600, which pauses it; polls of Kafka's default 500 would have
        // paused it at 1,000.
        assertPausedOnceStarted(subscriber("big-polls", "big-polls").maxInFlightPerPartition(600), 2_000, 2_200);
    }

    @Test
    void aPartitionPausedForBackpressureDoesNotWaitForAFetchOfIdlePartitions() throws Exception {
        herald.herald().createTopic("skewed", 2);
        // one key: one partition; a batch each, so that a small fetch brings a few
        publishOneByOne("skewed", 300, i -> new OrderPlaced("one-order", i));
        AtomicInteger handled = new AtomicInteger();
        try (EventSubscriber subscriber = subscriber("skewed", "skewed")
                // The busy partition is paused at ten events in flight, and a fetch brings about ten of them, so it is
                // paused about 30 times. Each time, a fetch of the idle partition alone would wait on the broker for
                // fetch.max.wait.ms, and the busy partition, once resumed, could not be fetched until it came back.
                .properties(Map.of("fetch.max.wait.ms", 5_000, "max.partition.fetch.bytes", 4096))
                .maxInFlightPerPartition(10)
                .on(OrderPlaced.class, event -> {
                    Thread.sleep(1); // slower than the fetches: the partition fills up
                    handled.incrementAndGet();
                })
                .start()) {
            // 30 waits of 5 s would take 150 s
            await().atMost(Duration.ofSeconds(30)).until(() -> handled.get() == 300);
        }
    }

    @Test
    void aQuietPartitionIsHeldNoLongerThanFetchMaxWaitBesideAFullOne() throws Exception {
        herald.herald().createTopic("stuck", 2);
        CountDownLatch release = new CountDownLatch(1);
        List<String> handled = new CopyOnWriteArrayList<>();
        try (EventPublisher publisher = publisher(Clock.systemUTC());
                EventSubscriber subscriber = subscriber("stuck", "stuck")
                        .properties(Map.of("fetch.max.wait.ms", 500))
                        .maxInFlightPerPartition(2)
                        .on(OrderPlaced.class, event -> {
                            if (event.data().orderId().equals("stuck")) {
                                release.await();
                            }
                            handled.add(event.data().orderId());
                        })
                        .start()) {
            int stuckPartition = 0;
            for (int i = 0; i < 5; i++) {
                stuckPartition = publisher
                        .publish("stuck", new OrderPlaced("stuck", i))
                        .get()
                        .partition();
            }
            TopicPartition full = new TopicPartition("stuck", stuckPartition);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> subscriber.health().pausedPartitions().contains(full));

            // the full partition stays full; the quiet one is held for fetch.max.wait.ms at most, then fetched again
            String quiet = null;
            for (int i = 0; quiet == null; i++) {
                if (publisher
                                .publish("stuck", new OrderPlaced("other-" + i, i))
                                .get()
                                .partition()
                        != stuckPartition) {
                    quiet = "other-" + i;
                }
            }
            String expected = quiet;
            await().atMost(Duration.ofSeconds(20)).until(() -> handled.contains(expected));
            assertThat(handled).doesNotContain("stuck");
            release.countDown();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> handled.stream().filter("stuck"::equals).count() == 5);
        }
    }

    @Test
    void aPausedSubscriberFetchesNothingUntilResumedAndStaysInItsGroup() throws Exception {
        herald.herald().createTopic("paused", 2);
        List<OrderPlaced> received = new CopyOnWriteArrayList<>();
        try (EventPublisher publisher = publisher(Clock.systemUTC());
                EventSubscriber subscriber = subscriber("pausing", "paused")
                        .on(OrderPlaced.class, event -> received.add(event.data()))
                        .start()) {
            publisher.publish("paused", new OrderPlaced("o-0", 0)).get();
            await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 1);

            subscriber.pause();
            assertThat(subscriber.health().paused()).isTrue();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> subscriber.health().pausedPartitions().size() == 2);
            for (int i = 1; i <= 5; i++) {
                publisher.publish("paused", new OrderPlaced("o-" + i, i)).get();
            }
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> received.size() == 1);

            subscriber.resume();
            await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 6);
            assertThat(subscriber.health().paused()).isFalse();
            assertThat(subscriber.health().running()).isTrue();
        }
        assertThat(received).extracting(OrderPlaced::amountCents).containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void aMissingTopicIsRefusedAtStart() {
        assertThatThrownBy(() -> subscriber("g", "nowhere")
                        .on(OrderPlaced.class, event -> {})
                        .start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'nowhere' does not exist");
    }

    @Test
    void aFullPartitionIsPausedUntilHandlersFinish() throws Exception {
        herald.herald().createTopic("busy", 1);
        publishOneByOne("busy", 10, i -> new OrderPlaced("o-" + i, i));

        // keys differ, so without the pause every fetched event would start at once
        assertPausedOnceStarted(
                subscriber("slow", "busy")
                        .properties(Map.of("max.poll.records", 1))
                        .maxInFlightPerPartition(2),
                2,
                10);
    }

    /**
     * Starts the subscriber of a one-partition topic with a handler that holds every event until released, and checks
     * that {@code started} events start and no more for half a second, with the partition paused; then releases them
     * and waits until all {@code total} have been handled.
     */
    private void assertPausedOnceStarted(EventSubscriber.Builder builder, int started, int total) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger startedCount = new AtomicInteger();
        AtomicInteger finishedCount = new AtomicInteger();
        try (EventSubscriber subscriber = builder.on(OrderPlaced.class, event -> {
                    startedCount.incrementAndGet();
                    release.await();
                    finishedCount.incrementAndGet();
                })
                .start()) {
            try {
                await().atMost(Duration.ofSeconds(20)).until(() -> startedCount.get() == started);
                await().during(Duration.ofMillis(500))
                        .atMost(Duration.ofSeconds(5))
                        .until(() -> startedCount.get() == started);
                assertThat(subscriber.health().pausedPartitions()).hasSize(1);
            } finally {
                release.countDown(); // so that a failed check does not wait for the close's drain
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> finishedCount.get() == total);
        }
    }
}
