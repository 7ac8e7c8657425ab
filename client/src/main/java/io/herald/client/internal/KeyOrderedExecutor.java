package io.herald.client.internal;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs tasks of one partition so that tasks with the same key run one after another in submission order, and tasks
 * with different keys run at the same time, each key on a virtual thread of the given executor. A task with a null
 * key is ordered with nothing and gets a thread of its own.
 *
 * <p>A key with a task running has a queue of the tasks waiting behind it; the thread that runs a key's task takes
 * the next one from the queue when it is done, and ends when the queue is empty, which forgets the key. So memory
 * follows the keys in flight, not all keys seen, and a key with a backlog costs one thread, not one per task (a
 * thread and a future per task were a tenth of a handler's CPU). Once the executor is shut down, waiting tasks are not
 * started. Tasks must not throw (the caller wraps them); one that does ends its key's queue, and the tasks waiting in
 * it never run. Thread-safety: {@link #lock} guards {@link #waiting}; no task runs under it.
 */
public final class KeyOrderedExecutor {
    private final ExecutorService executor;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, ArrayDeque<Runnable>> waiting = new HashMap<>();

    /** @param executor runs the tasks, normally one virtual thread per task */
    public KeyOrderedExecutor(ExecutorService executor) {
        this.executor = executor;
    }

    /**
     * Runs {@code task} after every task submitted before it with the same {@code key}.
     *
     * @throws RejectedExecutionException if the executor is shut down and no task of the key is running
     */
    public void submit(String key, Runnable task) {
        if (key == null) {
            executor.execute(task);
            return;
        }
        lock.lock();
        try {
            ArrayDeque<Runnable> queue = waiting.get(key);
            if (queue != null) {
                queue.add(task);
                return;
            }
            waiting.put(key, new ArrayDeque<>());
        } finally {
            lock.unlock();
        }
        try {
            executor.execute(() -> runKey(key, task));
        } catch (RejectedExecutionException e) {
            forget(key);
            throw e;
        }
    }

    private void runKey(String key, Runnable first) {
        Runnable task = first;
        while (task != null) {
            boolean done = false;
            try {
                task.run();
                done = true;
            } finally {
                task = done ? next(key) : forget(key);
            }
        }
    }

    /** The key's next task, or null (and the key forgotten) when none waits or the executor is shut down. */
    private Runnable next(String key) {
        lock.lock();
        try {
            Runnable next = executor.isShutdown() ? null : waiting.get(key).poll();
            if (next == null) {
                waiting.remove(key);
            }
            return next;
        } finally {
            lock.unlock();
        }
    }

    private Runnable forget(String key) {
        lock.lock();
        try {
            waiting.remove(key);
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** How many keys have a task queued or running. */
    public int activeKeys() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }
}
