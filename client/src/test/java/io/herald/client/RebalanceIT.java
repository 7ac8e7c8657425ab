package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.testkit.HeraldExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RebalanceIT {
    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    record Job(@Key String key, int sequence) {}

    private final Map<String, AtomicInteger> handledCount = new ConcurrentHashMap<>();
    private final Map<String, List<Integer>> sequencesByKey = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> handledByMember = new ConcurrentHashMap<>();
    private final java.util.concurrent.CountDownLatch secondStarted = new java.util.concurrent.CountDownLatch(1);

    private EventSubscriber start(String member) {
        return EventSubscriber.builder()
                .bootstrapServers(herald.bootstrapServers())
                .groupId("jobs")
                .topics("jobs")
                .revocationDrain(Duration.ofSeconds(30))
                // members notice a rebalance at their next heartbeat: make that soon
                .properties(Map.of("heartbeat.interval.ms", 100, "max.poll.records", 10))
                .maxInFlightPerPartition(20)
                .on(Job.class, event -> {
                    if (member.equals("first")
                            && handledByMember.containsKey("first")
                            && handledByMember.get("first").get() >= 40) {
                        secondStarted.await(); // the second member exists before the first gets far
                    }
                    Thread.sleep(10);
                    handledByMember
                            .computeIfAbsent(member, m -> new AtomicInteger())
                            .incrementAndGet();
                    handledCount
                            .computeIfAbsent(event.id(), id -> new AtomicInteger())
                            .incrementAndGet();
                    sequencesByKey
                            .computeIfAbsent(event.data().key(), k -> new CopyOnWriteArrayList<>())
                            .add(event.data().sequence());
                })
                .start();
    }

    private int publish(int events, int keys) throws Exception {
        Map<String, Integer> sequences = new ConcurrentHashMap<>();
        try (EventPublisher publisher = EventPublisher.builder()
                .bootstrapServers(herald.bootstrapServers())
                .source("/jobs")
                .build()) {
            List<CompletableFuture<PublishResult>> sent = new ArrayList<>();
            for (int i = 0; i < events; i++) {
                String key = "k" + (i % keys);
                sent.add(publisher.publish("jobs", new Job(key, sequences.merge(key, 1, Integer::sum))));
            }
            for (var future : sent) {
                future.get();
            }
        }
        return events;
    }

    @Test
    void aRevokedPartitionFinishesItsInFlightEventsAndCommitsBeforeTheNewOwnerReadsIt() throws Exception {
        herald.herald().createTopic("jobs", 4);
        // 16 keys (spread over all 4 partitions) of 100 events at 10 ms each: one member alone needs over a second
        int events = publish(1600, 16);

        try (EventSubscriber first = start("first")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> handledCount.size() >= 40);
            try (EventSubscriber second = start("second")) {
                secondStarted.countDown();
                await().atMost(Duration.ofSeconds(60)).until(() -> handledCount.size() == events);
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> first.health().inFlight().values().stream().allMatch(n -> n == 0)
                                && second.health().inFlight().values().stream().allMatch(n -> n == 0));
            }
        }

        // drained and committed at revocation: nobody handled an event the other had handled
        assertThat(handledCount.values()).allMatch(count -> count.get() == 1);
        // and the handover kept each key's order
        sequencesByKey.forEach((key, sequences) -> assertThat(sequences)
                .as("key %s", key)
                .containsExactlyElementsOf(
                        IntStream.rangeClosed(1, sequences.size()).boxed().toList()));
        assertThat(sequencesByKey).hasSize(16);
        assertThat(handledByMember.keySet())
                .as("partitions moved to the second member")
                .contains("first", "second");
    }

    @Test
    void aRedeliveredEventWaitsForItsKeysAbandonedHandlerWhenThePartitionComesBack() throws Exception {
        herald.herald().createTopic("stuck", 1);
        herald.herald().createTopic("elsewhere", 1);
        try (EventPublisher publisher = EventPublisher.builder()
                .bootstrapServers(herald.bootstrapServers())
                .source("/jobs")
                .build()) {
            publisher.publish("stuck", new Job("k", 1)).get();
        }
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostRunning = new AtomicInteger();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (EventSubscriber subscriber = EventSubscriber.builder()
                .bootstrapServers(herald.bootstrapServers())
                .groupId("stuck")
                .topics("stuck")
                .revocationDrain(Duration.ZERO)
                .properties(Map.of("heartbeat.interval.ms", 100))
                .on(Job.class, event -> {
                    mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                    try {
                        if (calls.incrementAndGet() == 1) {
                            release.await(); // outlives the revocation: abandoned, uncommitted
                        }
                    } finally {
                        running.decrementAndGet();
                    }
                })
                .start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> calls.get() == 1);

            // a member for another topic joins: the group rebalances, and "stuck" comes back to the same subscriber
            // (range assignment), which reads the uncommitted event again
            Map<String, Object> other = new java.util.HashMap<>(herald.herald().consumerProperties());
            other.put("group.id", "stuck");
            try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(
                    other,
                    new org.apache.kafka.common.serialization.StringDeserializer(),
                    new org.apache.kafka.common.serialization.StringDeserializer())) {
                consumer.subscribe(List.of("elsewhere"));
                await().atMost(Duration.ofSeconds(20)).until(() -> {
                    consumer.poll(Duration.ofMillis(100));
                    return !consumer.assignment().isEmpty();
                });
                // the redelivery is queued behind the abandoned handler of its key, not run beside it
                await().during(Duration.ofSeconds(2))
                        .atMost(Duration.ofSeconds(5))
                        .until(() -> calls.get() == 1);
                release.countDown();
                await().atMost(Duration.ofSeconds(20)).until(() -> calls.get() == 2);
            }
        }
        assertThat(mostRunning).hasValue(1);
    }

    @Test
    void gracefulCloseFinishesInFlightCommitsAndLeaves() throws Exception {
        herald.herald().createTopic("jobs-close", 1);
        try (EventPublisher publisher = EventPublisher.builder()
                .bootstrapServers(herald.bootstrapServers())
                .source("/jobs")
                .build()) {
            for (int i = 0; i < 10; i++) {
                publisher.publish("jobs-close", new Job("k" + i, 1)).get();
            }
        }
        AtomicInteger started = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        EventSubscriber first = EventSubscriber.builder()
                .bootstrapServers(herald.bootstrapServers())
                .groupId("closer")
                .topics("jobs-close")
                .on(Job.class, event -> {
                    started.incrementAndGet();
                    Thread.sleep(200); // still running when close is called
                    finished.incrementAndGet();
                })
                .start();
        await().atMost(Duration.ofSeconds(20)).until(() -> started.get() == 10);

        first.close();

        assertThat(finished).hasValue(10);
        assertThat(first.health().running()).isFalse();
        AtomicInteger redelivered = new AtomicInteger();
        try (EventSubscriber next = EventSubscriber.builder()
                .bootstrapServers(herald.bootstrapServers())
                .groupId("closer")
                .topics("jobs-close")
                .on(Job.class, event -> redelivered.incrementAndGet())
                .start()) {
            // once the new member has fetched, its lag is known: 0 means it starts at the end
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> next.health().lag().values().stream().anyMatch(lag -> lag == 0));
        }
        assertThat(redelivered).hasValue(0);
    }
}
