package io.herald.broker.group;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's {@link GroupTimer}: one daemon thread ({@code herald-group-timer}) and a scheduled task per key. A task
 * that throws is logged and the timer goes on.
 *
 * <p>Thread-safety: safe from any thread. A replaced task may still run if it had already started; tasks check the
 * state they act on (generation, member) under the coordinator's lock, as Kafka's do.
 */
final class ScheduledGroupTimer implements GroupTimer {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledGroupTimer.class);

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "herald-group-timer");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, ScheduledFuture<?>> tasks = new ConcurrentHashMap<>();

    @Override
    public void schedule(String key, long delayMs, Runnable task) {
        CompletableFuture<ScheduledFuture<?>> self = new CompletableFuture<>();
        Runnable guarded = () -> {
            tasks.remove(key, self.join());
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("group timer task {} failed", key, e);
            }
        };
        ScheduledFuture<?> scheduled = executor.schedule(guarded, Math.max(0, delayMs), TimeUnit.MILLISECONDS);
        ScheduledFuture<?> previous = tasks.put(key, scheduled);
        self.complete(scheduled);
        if (previous != null) previous.cancel(false);
    }

    @Override
    public void cancel(String key) {
        ScheduledFuture<?> previous = tasks.remove(key);
        if (previous != null) previous.cancel(false);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
