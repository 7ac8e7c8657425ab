package io.herald.broker.handler;

import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Fails a request's future with a {@link TimeoutException} when it is not complete by its deadline: a produce waiting
 * for its fsync past the request's {@code timeout_ms}.
 *
 * <p>Not {@link CompletableFuture#orTimeout}: on JDK 25 each call schedules a task on the common pool's delay
 * scheduler and each completion cancels it, and both wake the scheduler's thread. Every {@code acks=all} produce paid
 * those two thread wake-ups for a timeout that almost never fires: 8.7 % of the broker's CPU samples with 1 KiB records
 * into one partition (docs/benchmarks.md, session 19). Here adding a deadline is a queue insert. One thread looks at the
 * waiting futures every {@link #TICK_MS} ms while there are any and parks while there are none, so a deadline fires
 * up to a tick late, and a busy broker wakes the thread about {@code 1000 / TICK_MS} times a second whatever its
 * request rate.
 *
 * <p>One per process, as the JDK's timer is: brokers in one JVM (tests) share it. Its thread is a daemon, started with
 * the class. Thread-safety: {@link #failAfter} is called from any thread; the sweeping runs on the one thread.
 */
final class RequestDeadlines {
    static final long TICK_MS = 50;

    private static final RequestDeadlines SHARED = new RequestDeadlines();

    private record Waiting(long deadlineNanos, long timeoutMs, CompletableFuture<?> future) {}

    private final Queue<Waiting> waiting = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    // true while the thread is parked with nothing to watch: only then does an insert wake it
    private volatile boolean idle;

    private RequestDeadlines() {
        thread = Thread.ofPlatform().name("herald-request-deadlines").daemon().start(this::run);
    }

    static RequestDeadlines shared() {
        return SHARED;
    }

    /**
     * Completes {@code future} with a {@link TimeoutException} if it is still pending {@code timeoutMs} from now (at
     * once when {@code timeoutMs} ≤ 0), and returns it.
     */
    <T> CompletableFuture<T> failAfter(CompletableFuture<T> future, long timeoutMs) {
        if (future.isDone()) return future;
        if (timeoutMs <= 0) {
            future.completeExceptionally(timeout(timeoutMs));
            return future;
        }
        waiting.add(new Waiting(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs), timeoutMs, future));
        if (idle) LockSupport.unpark(thread);
        return future;
    }

    private void run() {
        while (true) {
            if (waiting.isEmpty()) {
                idle = true;
                // checked again after saying so: an insert in between either is seen here or unparks
                if (waiting.isEmpty()) LockSupport.park(this);
                idle = false;
                continue;
            }
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(TICK_MS));
            sweep(System.nanoTime());
        }
    }

    private void sweep(long now) {
        for (Iterator<Waiting> it = waiting.iterator(); it.hasNext(); ) {
            Waiting w = it.next();
            if (w.future.isDone()) {
                it.remove();
            } else if (now - w.deadlineNanos >= 0) {
                it.remove();
                w.future.completeExceptionally(timeout(w.timeoutMs));
            }
        }
    }

    private static TimeoutException timeout(long timeoutMs) {
        return new TimeoutException("not complete after " + timeoutMs + " ms");
    }
}
