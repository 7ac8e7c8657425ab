package io.herald.examples.orders;

import io.herald.testkit.HeraldExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The end-to-end scenario ({@link OrderSystemScenario}) against an embedded Herald broker (testkit). */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class OrderSystemIT extends OrderSystemScenario {
    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    @Override
    String bootstrapServers() {
        return herald.bootstrapServers();
    }
}
