package io.herald.cep.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.cep.text.RuleText;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class EventTimeExtractorTest {
    private final EventTimeExtractor fromField = EventTimeExtractor.of(
            RuleText.parse("CREATE RULE r FROM t EVENT TIME ts SELECT * INTO o").source());

    @Test
    void withoutEventTimeClauseTheRecordTimestampCounts() {
        EventTimeExtractor extractor = EventTimeExtractor.of(
                RuleText.parse("CREATE RULE r FROM t SELECT * INTO o").source());

        assertThat(extractor.eventTimeMs(Map.of("ts", 5L), 42)).hasValue(42);
    }

    @Test
    void epochMillisInAnyIntegralType() {
        assertThat(fromField.eventTimeMs(Map.of("ts", 1_700_000_000_000L), 0)).hasValue(1_700_000_000_000L);
        assertThat(fromField.eventTimeMs(Map.of("ts", 7), 0)).hasValue(7);
        assertThat(fromField.eventTimeMs(Map.of("ts", 7.9), 0)).hasValue(7);
    }

    @Test
    void rfc3339TextAsInCloudEventsTime() {
        assertThat(fromField.eventTimeMs(Map.of("ts", "1970-01-01T00:00:01.250Z"), 0))
                .hasValue(1250);
        assertThat(fromField.eventTimeMs(Map.of("ts", "1970-01-01T01:00:00+01:00"), 0))
                .hasValue(0);
    }

    @Test
    void missingOrUnreadableTimeIsEmptyRatherThanGuessed() {
        assertThat(fromField.eventTimeMs(Map.of(), 42)).isEmpty();
        assertThat(fromField.eventTimeMs(Map.of("ts", "yesterday"), 42)).isEmpty();
        assertThat(fromField.eventTimeMs(Map.of("ts", Double.NaN), 42)).isEmpty();
        assertThat(fromField.eventTimeMs(Map.of("ts", true), 42)).isEmpty();
    }
}
