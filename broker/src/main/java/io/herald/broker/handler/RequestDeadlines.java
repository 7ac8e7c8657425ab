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
 * for its fsync past the request's {@code timeout_ms}, a long-poll fetch at its {@code max_wait_ms}.
 *
 * <p>Not {@link CompletableFuture#orTimeout} or a timed wait: on JDK 25 each of those schedules a task on the
 * fork-join pool's delay scheduler and each early completion cancels it, and both wake the scheduler's thread. Every
 * {@code acks=all} produce and every fetch woken by new data paid those two thread wake-ups for a timeout that rarely
 * fires: 8.7 % of the broker's CPU samples with 1 KiB records into one partition, 7.8 % with one record in flight
 * (docs/benchmarks.md, session 19). Here adding a deadline is a queue insert. One thread sleeps until the earliest
 * deadline it knows of, or at most {@link #SWEEP_MS} ms, so that futures completed meanwhile are dropped; an insert
 * wakes it only when its deadline is earlier than that, or when the thread is idle (nothing to watch, parked without a
 * time limit).
 *
 * <p>One per process, as the JDK's timer is: brokers in one JVM (tests) share it. Its thread is a daemon, started with
 * the class. Thread-safety: {@link #failAfter} is called from any thread; the sweeping runs on the one thread.
 */
final class RequestDeadlines {
    /** The longest the thread sleeps while anything is watched: how long a completed future stays referenced. */
    static final long SWEEP_MS = 50;

    /** {@link #plannedWakeNanos} while the thread looks at the queue: any insert then wakes it once more. */
    private static final long SWEEPING = Long.MIN_VALUE;

    /** {@link #plannedWakeNanos} while the thread is parked with nothing to watch. */
    private static final long IDLE = Long.MAX_VALUE;

    private static final RequestDeadlines SHARED = new RequestDeadlines();

    private record Waiting(long deadlineNanos, long timeoutMs, CompletableFuture<?> future) {}

    private final Queue<Waiting> waiting = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    // when the thread wakes next on its own; compared with nanoTime values by subtraction, except the two markers
    private volatile long plannedWakeNanos = IDLE;

    private RequestDeadlines() {
        thread = Thread.ofPlatform().name("herald-request-deadlines").daemon().start(this::run);
    }

    static RequestDeadlines shared() {
        return SHARED;
    }

    /**
     * Completes {@code future} with a {@link TimeoutException} if it is still pending {@code timeoutMs} from now (at
     * once when {@code timeoutMs} ≤ 0), and returns it. Dependent stages of that completion run on the deadline
     * thread: keep them short.
     */
    <T> CompletableFuture<T> failAfter(CompletableFuture<T> future, long timeoutMs) {
        if (future.isDone()) return future;
        if (timeoutMs <= 0) {
            future.completeExceptionally(timeout(timeoutMs));
            return future;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        waiting.add(new Waiting(deadline, timeoutMs, future));
        long planned = plannedWakeNanos;
        if (planned == SWEEPING || planned == IDLE || deadline - planned < 0) LockSupport.unpark(thread);
        return future;
    }

    private void run() {
        while (true) {
            // Announced before the look at the queue: an insert that the look misses sees SWEEPING and wakes the
            // thread again; one that reads the plan below was there before the look began.
            plannedWakeNanos = SWEEPING;
            long now = System.nanoTime();
            long next = sweep(now);
            if (waiting.isEmpty()) {
                plannedWakeNanos = IDLE;
                if (waiting.isEmpty()) LockSupport.park(this);
                continue;
            }
            long wake = next - (now + TimeUnit.MILLISECONDS.toNanos(SWEEP_MS)) < 0
                    ? next
                    : now + TimeUnit.MILLISECONDS.toNanos(SWEEP_MS);
            plannedWakeNanos = wake;
            LockSupport.parkNanos(this, wake - now);
        }
    }

    /** Drops the completed futures, fails the overdue ones; returns the earliest deadline left (or far away). */
    private long sweep(long now) {
        long next = now + TimeUnit.DAYS.toNanos(1);
        for (Iterator<Waiting> it = waiting.iterator(); it.hasNext(); ) {
            Waiting w = it.next();
            if (w.future.isDone()) {
                it.remove();
            } else if (now - w.deadlineNanos >= 0) {
                it.remove();
                w.future.completeExceptionally(timeout(w.timeoutMs));
            } else if (w.deadlineNanos - next < 0) {
                next = w.deadlineNanos;
            }
        }
        return next;
    }

    private static TimeoutException timeout(long timeoutMs) {
        return new TimeoutException("not complete after " + timeoutMs + " ms");
    }
}
