package io.herald.client.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs tasks of one partition so that tasks with the same key run one after another in submission order, and tasks
 * with different keys run at the same time, each on a virtual thread of the given executor. A task with a null key is
 * ordered with nothing.
 *
 * <p>Each key's chain is the future of its last task; a task starts when its predecessor's future completes, and the
 * chain is forgotten when its last task ends, so memory follows the keys in flight, not all keys seen. Tasks must not
 * throw: the caller wraps them. Thread-safety: {@link #lock} guards {@link #tails}; no task runs under it.
 */
public final class KeyOrderedExecutor {
    private final ExecutorService executor;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, CompletableFuture<Void>> tails = new HashMap<>();

    /** @param executor runs the tasks, normally one virtual thread per task */
    public KeyOrderedExecutor(ExecutorService executor) {
        this.executor = executor;
    }

    /** Runs {@code task} after every task submitted before it with the same {@code key}. */
    public void submit(String key, Runnable task) {
        if (key == null) {
            CompletableFuture.runAsync(task, executor);
            return;
        }
        CompletableFuture<Void> next;
        lock.lock();
        try {
            CompletableFuture<Void> previous = tails.get(key);
            next = previous == null
                    ? CompletableFuture.runAsync(task, executor)
                    : previous.thenRunAsync(task, executor);
            tails.put(key, next);
        } finally {
            lock.unlock();
        }
        next.whenComplete((ignored, error) -> forget(key, next));
    }

    private void forget(String key, CompletableFuture<Void> done) {
        lock.lock();
        try {
            tails.remove(key, done);
        } finally {
            lock.unlock();
        }
    }

    /** How many keys have a task queued or running. */
    public int activeKeys() {
        lock.lock();
        try {
            return tails.size();
        } finally {
            lock.unlock();
        }
    }
}
