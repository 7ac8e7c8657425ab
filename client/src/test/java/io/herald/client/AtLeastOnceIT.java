package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.testkit.HeraldExtension;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AtLeastOnceIT {
    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    record Task(@Key String key, int number) {}

    private EventSubscriber.Builder subscriber() {
        return EventSubscriber.builder()
                .bootstrapServers(herald.bootstrapServers())
                .groupId("workers")
                .topics("tasks");
    }

    @Test
    void eventsUnfinishedWhenASubscriberIsAbandonedGoToTheNextOne() throws Exception {
        herald.herald().createTopic("tasks", 1);
        try (EventPublisher publisher = EventPublisher.builder()
                .bootstrapServers(herald.bootstrapServers())
                .source("/tasks")
                .build()) {
            for (int i = 0; i < 20; i++) {
                // task 5 gets its own key: it hangs while the other keys go on
                publisher
                        .publish("tasks", new Task(i == 5 ? "stuck" : "k" + (i % 3), i))
                        .get();
            }
        }
        Set<Integer> finishedByFirst = ConcurrentHashMap.newKeySet();
        Set<Long> committedByFirst = ConcurrentHashMap.newKeySet();
        CountDownLatch stuckStarted = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        EventSubscriber first = subscriber()
                .on(Task.class, event -> {
                    if (event.data().number() == 5) {
                        stuckStarted.countDown();
                        never.await(); // a handler that hangs, as in a crash mid-handling
                    }
                    finishedByFirst.add(event.data().number());
                })
                .onCommit(offsets -> offsets.values().forEach(committedByFirst::add))
                .start();
        assertThat(stuckStarted.await(20, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> finishedByFirst.size() == 19);
        // 0..4 are finished in the subscriber's books too, so its commit is 5 and can go no further
        await().atMost(Duration.ofSeconds(20)).until(() -> committedByFirst.contains(5L));

        first.close(Duration.ZERO);

        Set<Integer> second = ConcurrentHashMap.newKeySet();
        try (EventSubscriber next = subscriber()
                .on(Task.class, event -> second.add(event.data().number()))
                .start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> second.contains(19));
        }
        assertThat(finishedByFirst).doesNotContain(5);
        assertThat(committedByFirst).allMatch(offset -> offset <= 5);
        // the commit stopped below the unfinished event: it and everything after it come again
        assertThat(new TreeSet<>(second))
                .contains(5)
                .containsAll(java.util.stream.IntStream.range(5, 20).boxed().toList());
        assertThat(second).doesNotContain(0, 1, 2, 3, 4);
    }
}
