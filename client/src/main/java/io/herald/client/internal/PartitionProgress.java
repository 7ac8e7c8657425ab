package io.herald.client.internal;

import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Which offsets of one assigned partition are being handled, and so which offset is safe to commit: the lowest
 * unfinished offset, or the offset after the last dispatched one when nothing is unfinished. Committing that offset
 * never skips an event that has not finished, so a crash redelivers every unfinished event (at-least-once), and events
 * finished above it may be handled again.
 *
 * <p>Thread-safety: the delivery loop thread calls {@link #dispatched}; handler threads call {@link #finished}; both and
 * the readers hold {@link #lock}, which guards every field. No I/O or user code runs under the lock.
 */
public final class PartitionProgress {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private final TreeSet<Long> unfinished = new TreeSet<>();
    private long nextOffset = -1;

    /** Records that the event at {@code offset} was handed to a handler; offsets arrive in increasing order. */
    public void dispatched(long offset) {
        lock.lock();
        try {
            if (offset < nextOffset) {
                throw new IllegalStateException(
                        "offset " + offset + " dispatched after " + (nextOffset - 1) + "; offsets must increase");
            }
            unfinished.add(offset);
            nextOffset = offset + 1;
        } finally {
            lock.unlock();
        }
    }

    /** Records that the event at {@code offset} was handled (or dead-lettered). */
    public void finished(long offset) {
        lock.lock();
        try {
            unfinished.remove(offset);
            if (unfinished.isEmpty()) {
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The offset to commit, or -1 if nothing was dispatched yet. */
    public long committableOffset() {
        lock.lock();
        try {
            return unfinished.isEmpty() ? nextOffset : unfinished.first();
        } finally {
            lock.unlock();
        }
    }

    /** How many dispatched events have not finished. */
    public int inFlight() {
        lock.lock();
        try {
            return unfinished.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until no event is in flight or {@code deadlineNanos} (of {@link System#nanoTime()}) passes.
     *
     * @return whether the partition is idle
     */
    public boolean awaitIdle(long deadlineNanos) throws InterruptedException {
        lock.lock();
        try {
            while (!unfinished.isEmpty()) {
                long leftNanos = deadlineNanos - System.nanoTime();
                if (leftNanos <= 0) {
                    return false;
                }
                idle.await(leftNanos, TimeUnit.NANOSECONDS);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
