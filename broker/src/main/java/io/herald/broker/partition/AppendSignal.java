package io.herald.broker.partition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes long-poll fetches when new data becomes readable on a partition they read, as Kafka's fetch purgatory does
 * with its per-partition watch keys. A fetch that found too little registers a {@link Waiter} on its partitions, reads
 * again, and waits; a partition whose high watermark moves wakes only the waiters registered on it. One signal for the
 * whole broker, which an earlier version had, woke every waiting fetch at every append: each idle consumer (the
 * registry's and the rule host's own, among them) re-read its partitions once per produced batch anywhere.
 *
 * <p>Thread-safety: the maps are concurrent; a waiter's state is guarded by its own lock. Callers hold no other lock.
 */
public final class AppendSignal {
    private final ConcurrentHashMap<Partition, Set<Waiter>> byPartition = new ConcurrentHashMap<>();
    private final Set<Waiter> all = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** Called after {@code partition}'s high watermark moved: wakes the fetches waiting on it. */
    public void onDataReadable(Partition partition) {
        Set<Waiter> waiters = byPartition.get(partition);
        if (waiters == null) return;
        for (Waiter waiter : waiters) waiter.wake();
    }

    /**
     * A waiter woken by new data on any of {@code partitions}; close it when the fetch is answered. Register before the
     * read that decides to wait, so data appended between that read and the wait is not missed.
     */
    public Waiter register(Collection<Partition> partitions) {
        Waiter waiter = new Waiter(List.copyOf(partitions));
        all.add(waiter);
        for (Partition partition : waiter.partitions) {
            byPartition.compute(partition, (p, waiters) -> {
                Set<Waiter> set = waiters == null ? ConcurrentHashMap.newKeySet() : waiters;
                set.add(waiter);
                return set;
            });
        }
        if (closed) waiter.wake();
        return waiter;
    }

    /** Wakes every waiter for good: the broker is shutting down. */
    public void close() {
        closed = true;
        for (Waiter waiter : new ArrayList<>(all)) waiter.wake();
    }

    /** How many partitions have a fetch waiting on them; for tests. */
    int watchedPartitions() {
        return byPartition.size();
    }

    /** One waiting fetch: woken by an append to one of its partitions, by the broker's close, or by its deadline. */
    public final class Waiter implements AutoCloseable {
        private final List<Partition> partitions;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition woken = lock.newCondition();
        private boolean signalled;
        private boolean expired;

        private Waiter(List<Partition> partitions) {
            this.partitions = partitions;
        }

        private void wake() {
            lock.lock();
            try {
                signalled = true;
                woken.signal();
            } finally {
                lock.unlock();
            }
        }

        /**
         * Ends the wait for good: the fetch's deadline has come. The caller keeps the time (a timed wait here would
         * cost a timer task per wait; see the handler's {@code RequestDeadlines}).
         */
        public void expire() {
            lock.lock();
            try {
                expired = true;
                woken.signal();
            } finally {
                lock.unlock();
            }
        }

        /** Forgets earlier wake-ups; call before each read that may end in {@link #await}. */
        public void rearm() {
            lock.lock();
            try {
                signalled = false;
            } finally {
                lock.unlock();
            }
        }

        /**
         * Waits until woken since the last {@link #rearm} or expired; returns false when expired or when the broker is
         * closing.
         */
        public boolean await() throws InterruptedException {
            lock.lock();
            try {
                while (!signalled && !expired) woken.await();
                return !expired && !closed;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() {
            for (Partition partition : partitions) {
                byPartition.computeIfPresent(partition, (p, waiters) -> {
                    waiters.remove(this);
                    return waiters.isEmpty() ? null : waiters;
                });
            }
            all.remove(this);
        }
    }
}
