package io.herald.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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
}
