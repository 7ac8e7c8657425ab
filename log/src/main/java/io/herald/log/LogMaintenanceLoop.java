package io.herald.log;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Owns the background thread that keeps logs within their retention and compacts compacted logs. Every
 * {@code intervalMs} it calls {@link PartitionLog#deleteExpiredSegments()} on each registered log and {@link
 * PartitionLog#compact()} on those whose dirty ratio reached {@code min.cleanable.dirty.ratio}. One log's failure is
 * logged and the loop goes on with the others.
 *
 * <p>Thread-safety: {@link #register} and {@link #unregister} may be called from any thread; the logs guard
 * themselves.
 */
public final class LogMaintenanceLoop implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LogMaintenanceLoop.class.getName());

    private final long intervalMs;
    private final Set<PartitionLog> logs = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final Thread thread;
    private boolean closed;

    public LogMaintenanceLoop(long intervalMs) {
        this.intervalMs = intervalMs;
        this.thread =
                Thread.ofPlatform().name("herald-log-maintenance").daemon().unstarted(this::run);
        thread.start();
    }

    public void register(PartitionLog log) {
        logs.add(log);
    }

    public void unregister(PartitionLog log) {
        logs.remove(log);
    }

    /** Runs one pass over every registered log on the calling thread. */
    public void runOnce() {
        for (PartitionLog log : logs) {
            try {
                log.deleteExpiredSegments();
                if (log.needsCompaction()) log.compact();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "maintenance of " + log + " failed; will retry next pass", e);
            }
        }
    }

    private void run() {
        while (true) {
            lock.lock();
            try {
                if (!closed) wake.await(intervalMs, TimeUnit.MILLISECONDS);
                if (closed) return;
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            runOnce();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            wake.signal();
        } finally {
            lock.unlock();
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
