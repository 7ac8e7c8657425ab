package io.herald.client.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs tasks of one partition so that tasks with the same key run one after another in submission order, and tasks
 * with different keys run at the same time, each key on a virtual thread of the given executor. A task with a null
 * key is ordered with nothing and gets a thread of its own.
 *
 * <p>A key with a task running has a list of the tasks waiting behind it; the thread that runs a key's tasks takes the
 * whole list when it is done with what it has, and ends when the list is empty, which forgets the key. So memory
 * follows the keys in flight, not all keys seen, and a key with a backlog costs one thread, not one per task (a
 * thread and a future per task were a tenth of a handler's CPU). The delivery loop submits a poll's tasks grouped by
 * key ({@link #submitAll}): one lock for the poll and one hand-over per key, not per task. Once the executor is shut
 * down, waiting tasks are not started, including the rest of a group whose first tasks ran. Tasks must not throw (the
 * caller wraps them); one that does ends its key's run, and the tasks waiting behind it never run. Thread-safety:
 * {@link #lock} guards {@link #waiting}; no task runs under it.
 */
public final class KeyOrderedExecutor {
    private final ExecutorService executor;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, List<Runnable>> waiting = new HashMap<>();

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
        List<Runnable> tasks = new ArrayList<>(1);
        tasks.add(task);
        submitAll(Map.of(key, tasks));
    }

    /**
     * Runs each key's tasks in their list order, after every task submitted before with the same key; the lists must
     * not be null keys' and are owned by this executor from now on.
     *
     * @throws RejectedExecutionException if the executor is shut down and no task of a key is running (the keys
     *     handed to running threads before it keep their tasks)
     */
    public void submitAll(Map<String, List<Runnable>> tasksByKey) {
        List<Map.Entry<String, List<Runnable>>> toStart = new ArrayList<>();
        lock.lock();
        try {
            for (Map.Entry<String, List<Runnable>> entry : tasksByKey.entrySet()) {
                List<Runnable> queue = waiting.get(entry.getKey());
                if (queue != null) {
                    queue.addAll(entry.getValue());
                } else {
                    waiting.put(entry.getKey(), new ArrayList<>());
                    toStart.add(entry);
                }
            }
        } finally {
            lock.unlock();
        }
        for (int i = 0; i < toStart.size(); i++) {
            String key = toStart.get(i).getKey();
            List<Runnable> tasks = toStart.get(i).getValue();
            try {
                executor.execute(() -> runKey(key, tasks));
            } catch (RejectedExecutionException e) {
                for (int j = i; j < toStart.size(); j++) {
                    forget(toStart.get(j).getKey());
                }
                throw e;
            }
        }
    }

    private void runKey(String key, List<Runnable> first) {
        List<Runnable> tasks = first;
        while (tasks != null) {
            boolean done = false;
            try {
                done = runAll(tasks);
            } finally {
                tasks = done ? next(key) : forget(key);
            }
        }
    }

    // false when the executor was shut down before the last task started
    private boolean runAll(List<Runnable> tasks) {
        for (int i = 0; i < tasks.size(); i++) {
            if (i > 0 && executor.isShutdown()) {
                return false;
            }
            tasks.get(i).run();
        }
        return true;
    }

    /** The key's waiting tasks, or null (and the key forgotten) when none waits or the executor is shut down. */
    private List<Runnable> next(String key) {
        lock.lock();
        try {
            List<Runnable> next = waiting.get(key);
            if (executor.isShutdown() || next.isEmpty()) {
                waiting.remove(key);
                return null;
            }
            waiting.put(key, new ArrayList<>());
            return next;
        } finally {
            lock.unlock();
        }
    }

    private List<Runnable> forget(String key) {
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
