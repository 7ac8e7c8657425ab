package io.herald.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.cep.engine.Event;
import io.herald.cep.engine.Output;
import io.herald.cep.engine.RuleEngine;
import io.herald.cep.engine.WatermarkTracker;
import io.herald.cep.plan.Rule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code rules/fraud.rule} through the cep engine, fed the way the runner feeds it: the JSON fields of every record
 * of {@code orders} (OrderPlaced and the other order events) plus its CloudEvents attributes ({@code ce_type}, {@code
 * ce_time}), {@code ce_time} as event time.
 */
@Timeout(30)
class FraudRuleTest {
    private static final long T0 = 1_800_000_000_000L;

    private final Rule rule = load();
    private final RuleEngine engine = RuleEngine.create(rule);
    private final WatermarkTracker tracker = WatermarkTracker.of(rule.source());
    private final List<Output> alerts = new ArrayList<>();
    private long offset;

    private static Rule load() {
        return io.herald.examples.orders.fraud.FraudRule.parse();
    }

    private void record(long timestampMs, String type, String key, Map<String, Object> fields) {
        fields = new HashMap<>(fields);
        fields.put("ce_type", type);
        fields.put("ce_time", java.time.Instant.ofEpochMilli(timestampMs).toString());
        Event event = new Event(Topics.ORDERS, 0, offset++, timestampMs, key, fields);
        tracker.onEvent(event.topic(), event.partition(), event.eventTimeMs(), 0);
        alerts.addAll(engine.onEvent(event));
        alerts.addAll(engine.onWatermark(tracker.watermarkMs(0)));
    }

    private void orderPlaced(long timestampMs, String orderId, String userId, String location) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("orderId", orderId);
        fields.put("userId", userId);
        fields.put("location", location);
        fields.put("amountCents", 1200L);
        record(timestampMs, "OrderPlaced", orderId, fields);
    }

    private void otherOrderEvent(long timestampMs, String orderId) {
        // the other order events: no location, but a userId would not make them count either (OrderHeld has one)
        record(timestampMs, "OrderHeld", orderId, Map.of("orderId", orderId, "userId", "bob", "reason", "anything"));
    }

    private void end() {
        alerts.addAll(engine.onWatermark(Long.MAX_VALUE / 2));
    }

    @Test
    void theLoadsBurstRaisesOneAlertForItsUser() {
        for (int i = 0; i < 6; i++) {
            orderPlaced(T0 + 300L * i, "burst-" + i, "fraudster", i % 2 == 0 ? "Paris" : "Manila");
            otherOrderEvent(T0 + 300L * i + 50, "burst-" + i);
        }
        end();

        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.topic()).isEqualTo(Topics.FRAUD_ALERTS);
            assertThat(alert.key()).isEqualTo("fraudster");
            assertThat(alert.fields()).isEqualTo(Map.of("userId", "fraudster", "purchases", 5L, "locations", 2L));
        });
    }

    @Test
    void manyOrdersFromOneLocationAreNotFraud() {
        for (int i = 0; i < 8; i++) {
            orderPlaced(T0 + 1000L * i, "o-" + i, "collector", "Oslo");
        }
        end();

        assertThat(alerts).isEmpty();
    }

    @Test
    void theOtherOrderEventsDoNotCountAsPurchases() {
        for (int i = 0; i < 4; i++) {
            orderPlaced(T0 + 1000L * i, "o-" + i, "bob", i % 2 == 0 ? "Lima" : "Quito");
        }
        for (int i = 0; i < 10; i++) {
            otherOrderEvent(T0 + 5000 + 100L * i, "o-" + (i % 4));
        }
        end();

        assertThat(alerts).isEmpty();
    }

    @Property(tries = 50)
    void usersWithAtMostFourOrdersAreNeverFlagged(
            @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 59_999) Integer> offsetsMs,
            @ForAll @IntRange(min = 1, max = 30) int users) {
        FraudRuleTest run = new FraudRuleTest();
        List<Integer> sorted = offsetsMs.stream().sorted().toList();
        Map<String, Integer> ordersPerUser = new HashMap<>();
        for (int i = 0; i < sorted.size(); i++) {
            String user = "user-" + (i % users);
            if (ordersPerUser.merge(user, 1, Integer::sum) > 4) {
                continue; // the load generator's normal users stop at four
            }
            run.orderPlaced(T0 + sorted.get(i), "o-" + i, user, i % 3 == 0 ? "Berlin" : "Dakar");
        }
        run.end();

        assertThat(run.alerts).isEmpty();
    }
}
