package io.herald.cep.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.cep.plan.Body;
import io.herald.cep.plan.Rule;
import io.herald.cep.plan.Window;
import io.herald.cep.text.RuleText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The order system's fraud rule: a WHERE on the CloudEvents type ({@code ce_type}, as the runner exposes it) in
 * front of a RANGE window with HAVING, on a topic that carries several event types.
 */
@Timeout(10)
class WhereWithRangeWindowTest {
    private static final String ORDERS_FRAUD = """
            CREATE RULE order_fraud
            FROM orders EVENT TIME ts PARTITION BY userId WHERE ce_type = 'OrderPlaced'
            WINDOW RANGE 1m HAVING count(*) >= 5 AND count(DISTINCT location) >= 2
            SELECT userId, count(*) AS orders, count(DISTINCT location) AS locations
            EMIT ON MATCH SUPPRESS 1m
            INTO order_alerts
            """;
    private static final long T0 = 1_700_000_000_000L;

    private final Rule rule = RuleText.parse(ORDERS_FRAUD);
    private final RuleEngine engine = RuleEngine.create(rule);
    private final List<Output> out = new ArrayList<>();
    private long offset;

    private void event(String type, String user, long tsMs, String location) {
        Map<String, Object> fields = Map.of("ce_type", type, "userId", user, "ts", tsMs, "location", location);
        out.addAll(engine.onEvent(new Event("orders", 0, offset++, tsMs, null, fields)));
        out.addAll(engine.onWatermark(tsMs));
    }

    @Test
    void theTextKeepsTheWhereAndTheRangeWindowWithItsHaving() {
        assertThat(rule.where()).isPresent();
        assertThat(((Body.Windowed) rule.body()).window()).isInstanceOf(Window.Range.class);
        assertThat(RuleText.parse(RuleText.print(rule))).isEqualTo(rule);
    }

    @Test
    void onlyTheEventsOfTheNamedTypeCountTowardsTheWindow() {
        // four orders from two places, with other event types of the same user in between
        event("OrderPlaced", "u1", T0, "paris");
        event("OrderPaid", "u1", T0 + 1_000, "paris");
        event("OrderPlaced", "u1", T0 + 2_000, "lyon");
        event("OrderShipped", "u1", T0 + 3_000, "lyon");
        event("OrderPlaced", "u1", T0 + 4_000, "paris");
        event("OrderPlaced", "u1", T0 + 5_000, "paris");
        assertThat(out).isEmpty();

        event("OrderPlaced", "u1", T0 + 6_000, "paris");
        engine.onWatermark(T0 + 3_600_000).forEach(out::add);

        assertThat(out).singleElement().satisfies(alert -> {
            assertThat(alert.fields()).containsEntry("orders", 5L).containsEntry("locations", 2L);
            assertThat(alert.key()).isEqualTo("u1");
        });
    }
}
