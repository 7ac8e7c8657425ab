package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    @Test
    void withoutJitterTheBackoffDoublesUpToTheCap() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), 2.0, Duration.ofSeconds(1), 0);
        Random random = new Random(1);

        assertThat(policy.backoffAfter(1, random)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.backoffAfter(2, random)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.backoffAfter(4, random)).isEqualTo(Duration.ofMillis(800));
        assertThat(policy.backoffAfter(5, random)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.backoffAfter(60, random)).isEqualTo(Duration.ofSeconds(1));
    }

    @Property(tries = 200)
    void jitterStaysWithinItsFractionOfTheCappedBackoff(
            @ForAll @IntRange(min = 1, max = 40) int attempt,
            @ForAll @DoubleRange(min = 0, max = 1) double jitter,
            @ForAll long seed) {
        RetryPolicy policy = new RetryPolicy(50, Duration.ofMillis(10), 3.0, Duration.ofSeconds(5), jitter);
        double base = Math.min(10_000_000 * Math.pow(3.0, attempt - 1), 5_000_000_000.0);

        long nanos = policy.backoffAfter(attempt, new Random(seed)).toNanos();

        assertThat((double) nanos).isBetween(base * (1 - jitter) - 1, base * (1 + jitter) + 1);
    }

    @Test
    void invalidValuesAreNamed() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, 1, Duration.ZERO, 0))
                .hasMessage("maxAttempts must be >= 1, was 0");
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ZERO, 0.5, Duration.ZERO, 0))
                .hasMessage("multiplier must be >= 1, was 0.5");
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ZERO, 1, Duration.ZERO, 1.5))
                .hasMessage("jitter must be within [0, 1], was 1.5");
    }
}
