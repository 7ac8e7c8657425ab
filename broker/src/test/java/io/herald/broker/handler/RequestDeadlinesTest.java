package io.herald.broker.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class RequestDeadlinesTest {
    final RequestDeadlines deadlines = RequestDeadlines.shared();

    @Test
    void aFutureStillPendingAtItsDeadlineFailsWithATimeout() {
        CompletableFuture<String> future = deadlines.failAfter(new CompletableFuture<>(), 20);

        await().atMost(Duration.ofSeconds(10)).until(future::isDone);
        assertThat(future)
                .failsWithin(Duration.ZERO)
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isInstanceOf(TimeoutException.class)
                .withMessage("not complete after 20 ms");
    }

    @Test
    void aLaterDeadlineDoesNotFireWhenAnEarlierOneDoes() {
        CompletableFuture<String> later = deadlines.failAfter(new CompletableFuture<>(), 3_600_000);
        CompletableFuture<String> earlier = deadlines.failAfter(new CompletableFuture<>(), 30);

        await().atMost(Duration.ofSeconds(10)).until(earlier::isDone);
        assertThat(earlier).isCompletedExceptionally();
        assertThat(later).isNotDone();
    }

    @Test
    void aZeroTimeoutFailsAPendingFutureAtOnceAndLeavesADoneOneAlone() {
        assertThat(deadlines.failAfter(new CompletableFuture<>(), 0)).isCompletedExceptionally();
        assertThat(deadlines.failAfter(CompletableFuture.completedFuture("done"), 0))
                .isCompletedWithValue("done");
    }

    @Test
    void manyFuturesWithDifferentDeadlinesAllFail() {
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            futures.add(deadlines.failAfter(new CompletableFuture<>(), 1 + i % 50));
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> futures.stream().allMatch(CompletableFuture::isDone));
        assertThat(futures).allSatisfy(f -> assertThat(f).isCompletedExceptionally());
    }
}
