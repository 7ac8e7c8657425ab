package io.herald.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class KeyOrderedExecutorTest {
    @Test
    void aBlockedKeyHoldsBackOnlyItsOwnTasks() throws Exception {
        List<String> done = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            KeyOrderedExecutor executor = new KeyOrderedExecutor(threads);
            executor.submit("a", () -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                done.add("a1");
            });
            executor.submit("a", () -> done.add("a2"));
            executor.submit("b", () -> done.add("b1"));
            executor.submit("b", () -> done.add("b2"));

            await().atMost(Duration.ofSeconds(10)).until(() -> done.size() == 2);
            assertThat(done).containsExactly("b1", "b2");

            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> done.size() == 4);
            assertThat(done).containsExactly("b1", "b2", "a1", "a2");
            await().atMost(Duration.ofSeconds(10)).until(() -> executor.activeKeys() == 0);
        }
    }

    @Test
    void tasksWaitingWhenTheExecutorShutsDownNeverStart() throws Exception {
        List<String> done = new CopyOnWriteArrayList<>();
        CountDownLatch started = new CountDownLatch(1);
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        KeyOrderedExecutor executor = new KeyOrderedExecutor(threads);
        executor.submit("a", () -> {
            started.countDown();
            try {
                new CountDownLatch(1).await(); // until interrupted by shutdownNow
            } catch (InterruptedException e) {
                done.add("a1 interrupted");
            }
        });
        executor.submit("a", () -> done.add("a2"));
        started.await();

        threads.shutdownNow();

        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(done).containsExactly("a1 interrupted");
        assertThat(executor.activeKeys()).isZero();
    }

    @Test
    void aTaskThatThrowsReleasesItsKey() throws Exception {
        List<String> done = new CopyOnWriteArrayList<>();
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        try (ExecutorService threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual()
                .uncaughtExceptionHandler((thread, e) -> uncaught.add(e))
                .factory())) {
            KeyOrderedExecutor executor = new KeyOrderedExecutor(threads);
            executor.submit("a", () -> {
                throw new IllegalStateException("a task that breaks the contract");
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> !uncaught.isEmpty());
            assertThat(uncaught).singleElement().isInstanceOf(IllegalStateException.class);
            assertThat(executor.activeKeys()).isZero();

            executor.submit("a", () -> done.add("a2"));

            await().atMost(Duration.ofSeconds(10)).until(() -> done.size() == 1);
            assertThat(done).containsExactly("a2");
        }
    }

    /**
     * Any sequence of keys, each task yielding a random number of times to shuffle the interleaving: tasks of one key
     * never overlap and run in submission order.
     */
    @Property(tries = 60)
    void tasksOfOneKeyRunAloneAndInOrder(
            @ForAll @Size(min = 1, max = 200) List<@IntRange(min = 0, max = 5) Integer> keys,
            @ForAll @IntRange(min = 0, max = 50) int yields)
            throws Exception {
        Map<String, List<Integer>> order = new ConcurrentHashMap<>();
        Set<String> running = ConcurrentHashMap.newKeySet();
        List<String> overlaps = new CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(keys.size());
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            KeyOrderedExecutor executor = new KeyOrderedExecutor(threads);
            for (int i = 0; i < keys.size(); i++) {
                String key = "k" + keys.get(i);
                int sequence = i;
                executor.submit(key, () -> {
                    if (!running.add(key)) {
                        overlaps.add(key);
                    }
                    for (int y = 0; y < (sequence * 7 + yields) % 13; y++) {
                        Thread.yield();
                    }
                    order.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>())
                            .add(sequence);
                    running.remove(key);
                    done.countDown();
                });
            }
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(overlaps).isEmpty();
        order.values().forEach(sequences -> assertThat(sequences).isSorted());
        assertThat(order.values().stream().mapToInt(List::size).sum()).isEqualTo(keys.size());
    }

    /**
     * Tasks handed over in groups, as the delivery loop hands a poll's events (any split of a sequence into polls,
     * each poll grouped by key): tasks of one key never overlap and run in submission order across and within groups.
     */
    @Property(tries = 60)
    void groupsOfOneKeyRunAloneAndInOrder(
            @ForAll @Size(min = 1, max = 300) List<@IntRange(min = 0, max = 7) Integer> keys,
            @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 1, max = 40) Integer> pollSizes)
            throws Exception {
        Map<String, List<Integer>> order = new ConcurrentHashMap<>();
        Set<String> running = ConcurrentHashMap.newKeySet();
        List<String> overlaps = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(keys.size());
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            KeyOrderedExecutor executor = new KeyOrderedExecutor(threads);
            int i = 0;
            for (int poll = 0; i < keys.size(); poll++) {
                int end = Math.min(keys.size(), i + pollSizes.get(poll % pollSizes.size()));
                Map<String, List<Runnable>> byKey = new HashMap<>();
                for (; i < end; i++) {
                    String key = "k" + keys.get(i);
                    int sequence = i;
                    byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(() -> {
                        if (!running.add(key)) {
                            overlaps.add(key);
                        }
                        for (int y = 0; y < sequence % 5; y++) {
                            Thread.yield();
                        }
                        order.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>())
                                .add(sequence);
                        running.remove(key);
                        done.countDown();
                    });
                }
                executor.submitAll(byKey);
            }
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> executor.activeKeys() == 0);
        }

        assertThat(overlaps).isEmpty();
        order.values().forEach(sequences -> assertThat(sequences).isSorted());
        assertThat(order.values().stream().mapToInt(List::size).sum()).isEqualTo(keys.size());
    }

    @Test
    void theRestOfAGroupNeverStartsOnceTheExecutorShutsDown() throws Exception {
        List<String> done = new CopyOnWriteArrayList<>();
        CountDownLatch started = new CountDownLatch(1);
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        KeyOrderedExecutor executor = new KeyOrderedExecutor(threads);
        List<Runnable> group = new ArrayList<>();
        group.add(() -> {
            started.countDown();
            try {
                new CountDownLatch(1).await(); // until interrupted by shutdownNow
            } catch (InterruptedException e) {
                done.add("a1 interrupted"); // as EventDelivery does: the interrupt is swallowed
            }
        });
        group.add(() -> done.add("a2"));
        executor.submitAll(Map.of("a", group));
        started.await();

        threads.shutdownNow();

        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(done).containsExactly("a1 interrupted");
        assertThat(executor.activeKeys()).isZero();
    }
}
