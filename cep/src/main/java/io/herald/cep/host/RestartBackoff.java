package io.herald.cep.host;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When a host starts a failed runner again: exponential backoff with jitter. The first restart waits about
 * {@code initialDelay}, each further consecutive failure doubles the wait up to {@code maxDelay}; jitter shortens each
 * wait by a random share of up to {@code jitter}, so hosts whose runners failed together (a broker restart) do not
 * come back in step. A run that stayed up for {@code stableAfter} before failing starts a new series: its failure
 * counts as the first. Pure: the time and the random number are passed in. Immutable.
 *
 * @param initialDelay the wait before the first restart, > 0
 * @param maxDelay the longest wait, >= initialDelay
 * @param jitter the largest share of a wait taken off at random, in [0, 1)
 * @param stableAfter how long a run must stay up for its failure to reset the series, > 0
 */
public record RestartBackoff(Duration initialDelay, Duration maxDelay, double jitter, Duration stableAfter) {
    /** 1 s doubling to 1 min, up to 20 % shorter at random; a run that stayed up a minute resets the series. */
    public static final RestartBackoff DEFAULT =
            new RestartBackoff(Duration.ofSeconds(1), Duration.ofMinutes(1), 0.2, Duration.ofMinutes(1));

    /** Checks the durations are positive and ordered and the jitter is a share. */
    public RestartBackoff {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(stableAfter, "stableAfter");
        if (initialDelay.isNegative() || initialDelay.isZero()) {
            throw new IllegalArgumentException("restart initialDelay must be > 0, was " + initialDelay);
        }
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException(
                    "restart maxDelay must be >= initialDelay (" + initialDelay + "), was " + maxDelay);
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("restart jitter must be in [0, 1), was " + jitter);
        }
        if (stableAfter.isNegative() || stableAfter.isZero()) {
            throw new IllegalArgumentException("restart stableAfter must be > 0, was " + stableAfter);
        }
    }

    /**
     * The consecutive failures once a run that started at {@code runStartedAt} failed at {@code failedAt}: one more
     * than {@code failuresBefore}, or 1 when the run stayed up for {@link #stableAfter()}.
     *
     * @param failuresBefore the consecutive failures before this run (0 for a first start)
     */
    public int failuresAfter(int failuresBefore, Instant runStartedAt, Instant failedAt) {
        boolean stayedUp = Duration.between(runStartedAt, failedAt).compareTo(stableAfter) >= 0;
        return stayedUp ? 1 : failuresBefore + 1;
    }

    /**
     * The wait before the next start after {@code failures} consecutive failures: {@code initialDelay * 2^(failures -
     * 1)}, at most {@code maxDelay}, shortened by {@code jitter * random} of itself.
     *
     * @param failures consecutive failures, >= 1
     * @param random a number in [0, 1)
     */
    public Duration delayAfter(int failures, double random) {
        if (failures < 1) {
            throw new IllegalArgumentException("a restart delay needs failures >= 1, was " + failures);
        }
        long initialMs = initialDelay.toMillis();
        long maxMs = maxDelay.toMillis();
        long baseMs = maxMs;
        int doublings = failures - 1;
        if (doublings < 62 && initialMs <= maxMs >> doublings) {
            baseMs = initialMs << doublings;
        }
        return Duration.ofMillis(Math.round(baseMs * (1 - jitter * random)));
    }

    /** The moment of the next start after {@code failures} consecutive failures, the last at {@code failedAt}. */
    public Instant nextStartAt(int failures, Instant failedAt, double random) {
        return failedAt.plus(delayAfter(failures, random));
    }
}
