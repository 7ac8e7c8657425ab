package io.herald.cep.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class StartPointTest {
    @Test
    void readsNowEarliestAndAnInstantAndPrintsThemBack() {
        assertThat(StartPoint.parse("now")).isEqualTo(StartPoint.NOW);
        assertThat(StartPoint.parse("EARLIEST")).isEqualTo(StartPoint.EARLIEST);
        assertThat(StartPoint.parse("2026-01-31T12:00:00Z"))
                .isEqualTo(new StartPoint.AtTime(Instant.parse("2026-01-31T12:00:00Z")));
        for (String text : new String[] {"now", "earliest", "2026-01-31T12:00:00Z"}) {
            assertThat(StartPoint.parse(text).text()).isEqualTo(text);
        }
    }

    @Test
    void anythingElseIsRefusedWithTheAcceptedForms() {
        assertThatThrownBy(() -> StartPoint.parse("yesterday"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'yesterday'")
                .hasMessageContaining("now, earliest or an ISO-8601 instant");
    }
}
