package io.herald.cep.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** When a host starts a failed runner again. */
@Timeout(10)
class RestartBackoffTest {
    private static final RestartBackoff NO_JITTER =
            new RestartBackoff(Duration.ofSeconds(1), Duration.ofMinutes(1), 0.0, Duration.ofMinutes(1));
    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

    @Test
    void theWaitStartsAtOneSecondAndDoublesWithEachFailureInARow() {
        assertThat(NO_JITTER.delayAfter(1, 0.5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(NO_JITTER.delayAfter(2, 0.5)).isEqualTo(Duration.ofSeconds(2));
        assertThat(NO_JITTER.delayAfter(3, 0.5)).isEqualTo(Duration.ofSeconds(4));
        assertThat(NO_JITTER.delayAfter(6, 0.5)).isEqualTo(Duration.ofSeconds(32));
    }

    @Test
    void theWaitStopsGrowingAtTheMaximum() {
        assertThat(NO_JITTER.delayAfter(7, 0.5)).isEqualTo(Duration.ofMinutes(1));
        assertThat(NO_JITTER.delayAfter(100, 0.5)).isEqualTo(Duration.ofMinutes(1));
        assertThat(NO_JITTER.delayAfter(Integer.MAX_VALUE, 0.5)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void jitterShortensEachWaitByAtMostItsShare() {
        RestartBackoff backoff = RestartBackoff.DEFAULT; // 20 %

        assertThat(backoff.delayAfter(3, 0.0)).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.delayAfter(3, 0.5)).isEqualTo(Duration.ofMillis(3_600));
        assertThat(backoff.delayAfter(3, 0.999_999)).isEqualTo(Duration.ofMillis(3_200));
        assertThat(backoff.delayAfter(50, 0.999_999)).isEqualTo(Duration.ofSeconds(48));
    }

    @Test
    void aRunThatFailedSoonAfterItsStartAddsOneFailure() {
        assertThat(NO_JITTER.failuresAfter(0, T0, T0.plusSeconds(2))).isEqualTo(1);
        assertThat(NO_JITTER.failuresAfter(3, T0, T0.plusSeconds(59))).isEqualTo(4);
    }

    @Test
    void aRunThatStayedUpStartsANewSeries() {
        assertThat(NO_JITTER.failuresAfter(6, T0, T0.plusSeconds(60))).isEqualTo(1);
        assertThat(NO_JITTER.failuresAfter(6, T0, T0.plus(Duration.ofHours(5)))).isEqualTo(1);
    }

    @Test
    void theNextStartIsTheFailurePlusTheWait() {
        assertThat(NO_JITTER.nextStartAt(2, T0, 0.3)).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void settingsThatMakeNoSenseAreRefusedWithTheValue() {
        assertThatThrownBy(() -> new RestartBackoff(Duration.ZERO, Duration.ofSeconds(1), 0, Duration.ofSeconds(1)))
                .hasMessageContaining("initialDelay must be > 0, was PT0S");
        assertThatThrownBy(() ->
                        new RestartBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 0, Duration.ofSeconds(1)))
                .hasMessageContaining("maxDelay must be >= initialDelay (PT2S), was PT1S");
        assertThatThrownBy(() ->
                        new RestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 1.0, Duration.ofSeconds(1)))
                .hasMessageContaining("jitter must be in [0, 1), was 1.0");
        assertThatThrownBy(() -> NO_JITTER.delayAfter(0, 0)).hasMessageContaining("failures >= 1, was 0");
    }
}
