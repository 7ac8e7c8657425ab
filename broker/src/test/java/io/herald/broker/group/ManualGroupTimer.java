package io.herald.broker.group;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/** A {@link GroupTimer} driven by the test: tasks run when {@link #advance} moves the time past their deadline. */
final class ManualGroupTimer implements GroupTimer {
    private record Task(long deadlineMs, long seq, Runnable action) {}

    private final Map<String, Task> tasks = new HashMap<>();
    private long nowMs;
    private long seq;

    @Override
    public void schedule(String key, long delayMs, Runnable task) {
        tasks.put(key, new Task(nowMs + delayMs, seq++, task));
    }

    @Override
    public void cancel(String key) {
        tasks.remove(key);
    }

    long nowMs() {
        return nowMs;
    }

    /** A clock that reads this timer's time, for the code under test. */
    Clock clock() {
        return new Clock() {
            @Override
            public long millis() {
                return nowMs;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(nowMs);
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }
        };
    }

    /** Moves the time forward, running each task that falls due, earliest first. */
    void advance(long ms) {
        long target = nowMs + ms;
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
            nowMs = Math.max(nowMs, next.getValue().deadlineMs());
            next.getValue().action().run();
        }
        nowMs = target;
    }

    @Override
    public void close() {
        tasks.clear();
    }
}
