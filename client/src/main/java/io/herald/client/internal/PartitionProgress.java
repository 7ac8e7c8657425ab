package io.herald.client.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Which offsets of one assigned partition are being handled, and so which offset is safe to commit: the lowest
 * unfinished offset, or the offset after the last dispatched one when nothing is unfinished. Committing that offset
 * never skips an event that has not finished, so a crash redelivers every unfinished event (at-least-once), and events
 * finished above it may be handled again.
 *
 * <p>The dispatched offsets live in a ring in dispatch order, which is offset order, each with a finished flag: the
 * ring's head is the lowest unfinished offset, a finish finds its offset by binary search, and the head moves past the
 * finished ones. So a dispatch is an array write and a finish a search of the events in flight, where a tree set
 * boxed every offset and rebalanced on every add and remove (the SDK benchmark's handle phase marks about 200,000
 * offsets a second). The ring grows by doubling when more events are in flight than it holds; the subscriber's
 * backpressure bounds that near {@code maxInFlightPerPartition}.
 *
 * <p>Thread-safety: the delivery loop thread calls {@link #dispatched}; handler threads call {@link #finished}; both and
 * the readers hold {@link #lock}, which guards every field. No I/O or user code runs under the lock.
 */
public final class PartitionProgress {
    private static final int INITIAL_CAPACITY = 64;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    // ring of dispatched offsets from the lowest unfinished one (at head) to the last dispatched, in increasing order
    private long[] offsets = new long[INITIAL_CAPACITY];
    private boolean[] done = new boolean[INITIAL_CAPACITY];
    private int head;
    private int size; // slots in use from head, finished ones above the head included
    private int unfinished;
    private long nextOffset = -1;

    /** Records that the event at {@code offset} was handed to a handler; offsets arrive in increasing order. */
    public void dispatched(long offset) {
        lock.lock();
        try {
            if (offset < nextOffset) {
                throw new IllegalStateException(
                        "offset " + offset + " dispatched after " + (nextOffset - 1) + "; offsets must increase");
            }
            if (size == offsets.length) {
                grow();
            }
            int slot = (head + size) & (offsets.length - 1);
            offsets[slot] = offset;
            done[slot] = false;
            size++;
            unfinished++;
            nextOffset = offset + 1;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Records that the event at {@code offset} was handled (or dead-lettered). An offset that is not in flight (never
     * dispatched, or finished already) is ignored.
     */
    public void finished(long offset) {
        lock.lock();
        try {
            int index = indexOf(offset);
            if (index < 0) {
                return;
            }
            int slot = (head + index) & (offsets.length - 1);
            if (done[slot]) {
                return;
            }
            done[slot] = true;
            unfinished--;
            if (index == 0) {
                advanceHead();
            }
            if (unfinished == 0) {
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
            return size == 0 ? nextOffset : offsets[head];
        } finally {
            lock.unlock();
        }
    }

    /** How many dispatched events have not finished. */
    public int inFlight() {
        lock.lock();
        try {
            return unfinished;
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
            while (unfinished > 0) {
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

    // the position of offset counted from head, or -1; the ring is sorted, so a binary search over its logical order
    private int indexOf(long offset) {
        int mask = offsets.length - 1;
        int low = 0;
        int high = size - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            long found = offsets[(head + middle) & mask];
            if (found < offset) {
                low = middle + 1;
            } else if (found > offset) {
                high = middle - 1;
            } else {
                return middle;
            }
        }
        return -1;
    }

    // drops the finished offsets at the head, so the head is the lowest unfinished offset again (or the ring empty)
    private void advanceHead() {
        int mask = offsets.length - 1;
        while (size > 0 && done[head]) {
            head = (head + 1) & mask;
            size--;
        }
        if (size == 0) {
            head = 0;
        }
    }

    private void grow() {
        int capacity = offsets.length * 2;
        long[] grownOffsets = new long[capacity];
        boolean[] grownDone = new boolean[capacity];
        for (int i = 0; i < size; i++) {
            int slot = (head + i) & (offsets.length - 1);
            grownOffsets[i] = offsets[slot];
            grownDone[i] = done[slot];
        }
        offsets = grownOffsets;
        done = grownDone;
        head = 0;
    }
}
