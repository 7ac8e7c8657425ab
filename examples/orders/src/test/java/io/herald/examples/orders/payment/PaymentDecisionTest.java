package io.herald.examples.orders.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class PaymentDecisionTest {
    @Property
    void theDecisionIsAFunctionOfTheOrderId(@ForAll String orderId) {
        PaymentDecision decision = new PaymentDecision(0.5);

        assertThat(decision.declines(orderId)).isEqualTo(new PaymentDecision(0.5).declines(orderId));
    }

    @Property
    void rateZeroNeverDeclinesAndRateOneAlwaysDoes(@ForAll String orderId) {
        assertThat(new PaymentDecision(0).declines(orderId)).isFalse();
        assertThat(new PaymentDecision(1).declines(orderId)).isTrue();
    }

    @Test
    void aTenPercentRateDeclinesAboutOneOrderInTen() {
        PaymentDecision decision = new PaymentDecision(0.10);

        long declined = IntStream.range(0, 10_000)
                .mapToObj(i -> UUID.nameUUIDFromBytes(("order-" + i).getBytes()).toString())
                .filter(decision::declines)
                .count();

        assertThat(declined).isBetween(850L, 1150L);
    }

    @Test
    void aRateOutsideZeroToOneIsRefusedWithTheValue() {
        assertThatThrownBy(() -> new PaymentDecision(1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("failureRate must be within [0, 1], was 1.5");
    }
}
