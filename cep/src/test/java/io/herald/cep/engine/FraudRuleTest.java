package io.herald.cep.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.cep.plan.Rule;
import io.herald.cep.text.RuleText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The seed's fraud rule end to end through the engine, with the watermark computed from the events. */
@Timeout(10)
class FraudRuleTest {
    private static final String FRAUD = """
            CREATE RULE fraud_multi_location
            FROM purchases EVENT TIME ts WATERMARK LAG 5s ALLOWED LATENESS 30s
            PARTITION BY user_id
            WINDOW RANGE 1m
            HAVING count(*) >= 5 AND count(DISTINCT location) >= 2
            SELECT user_id, count(*) AS purchases, count(DISTINCT location) AS locations
            EMIT ON MATCH SUPPRESS 1m
            INTO fraud_alerts
            """;

    private final Rule rule = RuleText.parse(FRAUD);
    private final RuleEngine engine = RuleEngine.create(rule);
    private final WatermarkTracker tracker = WatermarkTracker.of(rule.source());
    private final List<Output> out = new ArrayList<>();
    private long offset;

    private void purchase(String user, long tsMs, String location) {
        Event e = new Event(
                "purchases", 0, offset++, tsMs, user, Map.of("user_id", user, "ts", tsMs, "location", location));
        tracker.onEvent(e.topic(), e.partition(), e.eventTimeMs(), 0);
        out.addAll(engine.onEvent(e));
        out.addAll(engine.onWatermark(tracker.watermarkMs(0)));
    }

    @Test
    void fivePurchasesWithinAMinuteFromTwoLocationsRaiseOneAlertPerBurst() {
        long t0 = 1_700_000_000_000L;
        // alice: 7 purchases in 50 s from two cities, slightly out of order (within the 5 s lag)
        purchase("alice", t0, "paris");
        purchase("alice", t0 + 10_000, "paris");
        purchase("alice", t0 + 8_000, "paris");
        purchase("alice", t0 + 20_000, "lyon");
        purchase("alice", t0 + 30_000, "paris");
        purchase("alice", t0 + 40_000, "paris");
        purchase("alice", t0 + 50_000, "lyon");
        // bob: 6 purchases within a minute, one city: not fraud
        for (int i = 0; i < 6; i++) {
            purchase("bob", t0 + 51_000 + 1_000 * i, "rome");
        }
        // carol: 5 purchases from two cities but spread over 5 minutes: not fraud
        for (int i = 0; i < 5; i++) {
            purchase("carol", t0 + 60_000 + 70_000 * i, i % 2 == 0 ? "oslo" : "bergen");
        }
        out.addAll(engine.onWatermark(t0 + 3_600_000));

        assertThat(out).singleElement().satisfies(alert -> {
            assertThat(alert.topic()).isEqualTo("fraud_alerts");
            assertThat(alert.key()).isEqualTo("alice");
            assertThat(alert.fields()).isEqualTo(Map.of("user_id", "alice", "purchases", 5L, "locations", 2L));
            // the fifth purchase in event time order is t0+30s (offset 4)
            assertThat(alert.eventTimeMs()).isEqualTo(t0 + 30_000);
            assertThat(alert.id()).isEqualTo("fraud_multi_location/1/alice/epurchases-0-4");
        });
        assertThat(engine.stateSize()).isZero();
    }

    @Test
    void aSecondBurstAfterTheSuppressionPeriodRaisesASecondAlert() {
        long t0 = 0;
        for (int burst = 0; burst < 2; burst++) {
            long start = t0 + burst * 120_000L;
            for (int i = 0; i < 5; i++) {
                purchase("dave", start + i * 1_000, i == 0 ? "madrid" : "seville");
            }
        }
        out.addAll(engine.onWatermark(1_000_000));

        assertThat(out).extracting(Output::eventTimeMs).containsExactly(4_000L, 124_000L);
    }
}
