package io.herald.broker.group;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** A {@link GroupTimer} driven by the test: tasks run when {@link #advance} moves the time past their deadline. */
final class ManualGroupTimer implements GroupTimer {
    private record Task(long deadlineMs, long seq, Runnable action) {}

    private final Map<String, Task> tasks = new HashMap<>();
    private final SteppedClock clock = new SteppedClock(0);
    private long seq;

    @Override
    public void schedule(String key, long delayMs, Runnable task) {
        tasks.put(key, new Task(clock.millis() + delayMs, seq++, task));
    }

    @Override
    public void cancel(String key) {
        tasks.remove(key);
    }

    /** A clock that shows this timer's time, for the code under test. */
    Clock clock() {
        return clock;
    }

    /** Moves the time forward, running each task that falls due, earliest first. */
    void advance(long ms) {
        long target = clock.millis() + ms;
        while (true) {
            Map.Entry<String, Task> next = tasks.entrySet().stream()
                    .filter(e -> e.getValue().deadlineMs() <= target)
                    .min((a, b) -> a.getValue().deadlineMs() != b.getValue().deadlineMs()
                            ? Long.compare(
                                    a.getValue().deadlineMs(), b.getValue().deadlineMs())
                            : Long.compare(a.getValue().seq(), b.getValue().seq()))
                    .orElse(null);
            if (next == null) break;
            tasks.remove(next.getKey());
            clock.set(Math.max(clock.millis(), next.getValue().deadlineMs()));
            next.getValue().action().run();
        }
        clock.set(target);
    }

    @Override
    public void close() {
        tasks.clear();
    }
}
