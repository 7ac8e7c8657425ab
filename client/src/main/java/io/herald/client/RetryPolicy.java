package io.herald.client;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How often a failing handler is called again before its event goes to the dead-letter topic, and how long to wait in
 * between: exponential backoff with jitter. The wait before attempt {@code n + 1} is {@code initialBackoff * multiplier^(n
 * - 1)}, capped at {@code maxBackoff}, then spread uniformly by {@code ±jitter} of itself so that many failing consumers
 * do not retry in lockstep. Immutable.
 *
 * @param maxAttempts calls in all, the first included; 1 means no retry
 * @param initialBackoff the wait after the first failure
 * @param multiplier how much each wait grows, 1 or more
 * @param maxBackoff the longest wait
 * @param jitter the spread as a fraction of the wait, from 0 (none) to 1
 */
public record RetryPolicy(
        int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff, double jitter) {
    /** Validates the values; each message names the value and the rule. */
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoffs must satisfy 0 <= initialBackoff <= maxBackoff, were "
                    + initialBackoff + " and " + maxBackoff);
        }
        if (multiplier < 1) {
            throw new IllegalArgumentException("multiplier must be >= 1, was " + multiplier);
        }
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("jitter must be within [0, 1], was " + jitter);
        }
    }

    /** Three attempts, waiting 100 ms then 200 ms (±20%), up to 10 s: the default. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(3, Duration.ofMillis(100), 2.0, Duration.ofSeconds(10), 0.2);
    }

    /** One attempt: a failing event goes to the dead-letter topic at once. */
    public static RetryPolicy noRetries() {
        return new RetryPolicy(1, Duration.ZERO, 1.0, Duration.ZERO, 0);
    }

    /**
     * The wait after failed attempt {@code attempt} (1-based).
     *
     * @param random the source of jitter
     */
    public Duration backoffAfter(int attempt, RandomGenerator random) {
        double baseNanos = initialBackoff.toNanos() * Math.pow(multiplier, attempt - 1);
        double cappedNanos = Math.min(baseNanos, maxBackoff.toNanos());
        double spread = jitter == 0 ? 0 : jitter * (2 * random.nextDouble() - 1);
        return Duration.ofNanos(Math.round(cappedNanos * (1 + spread)));
    }
}
