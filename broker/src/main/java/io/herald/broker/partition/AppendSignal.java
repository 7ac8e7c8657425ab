package io.herald.broker.partition;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes long-poll fetches when new data becomes readable on any partition: a counter bumped every time a high
 * watermark moves, and a condition to wait on. A fetch notes the counter, reads, and if it found too little waits for
 * the counter to change (or its deadline), then reads again. One signal for the whole broker keeps this simple; a
 * woken fetch that finds nothing new for itself just waits again.
 *
 * <p>Thread-safety: all state is guarded by {@code lock}; callers hold no other lock.
 */
public final class AppendSignal {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long version;
    private boolean closed;

    /** Called after a high watermark moved. */
    public void onDataReadable() {
        lock.lock();
        try {
            version++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public long version() {
        lock.lock();
        try {
            return version;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the counter is past {@code seen}, the deadline ({@link System#nanoTime} based) passes, or the broker
     * closes; returns false on the deadline or close.
     */
    public boolean awaitChange(long seen, long deadlineNanos) throws InterruptedException {
        lock.lock();
        try {
            while (version == seen && !closed) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) return false;
                changed.await(left, TimeUnit.NANOSECONDS);
            }
            return !closed;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiter for good: the broker is shutting down. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
