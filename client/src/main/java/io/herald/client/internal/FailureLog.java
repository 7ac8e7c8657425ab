package io.herald.client.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Counts handler failures and keeps the last one, for health reports. Thread-safe (atomics). */
public final class FailureLog {
    /**
     * The last failure.
     *
     * @param description the exception's class and message
     * @param at when it happened
     */
    public record LastFailure(String description, Instant at) {}

    private final Clock clock;
    private final AtomicLong count = new AtomicLong();
    private final AtomicReference<LastFailure> last = new AtomicReference<>();

    /** @param clock the clock of failure times */
    public FailureLog(Clock clock) {
        this.clock = clock;
    }

    /** Records one failure. */
    public void record(Throwable failure) {
        count.incrementAndGet();
        last.set(new LastFailure(failure.toString(), clock.instant()));
    }

    /** Failures since the subscriber started. */
    public long count() {
        return count.get();
    }

    /** The last failure, or null. */
    public LastFailure last() {
        return last.get();
    }
}
