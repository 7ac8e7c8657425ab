package io.herald.examples.orders.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class OrderStateTableTest {
    /** Every prefix of each of the contract's sequences is a state an order can be seen in. */
    static final List<List<String>> SEQUENCES = List.of(
            List.of("OrderPlaced", "StockReserved", "PaymentSucceeded", "OrderConfirmed", "EmailSent"),
            List.of("OrderPlaced", "StockReserved", "PaymentFailed", "StockReleased", "OrderCancelled"),
            List.of("OrderPlaced", "StockReserved", "PaymentFailed", "OrderCancelled", "StockReleased"),
            List.of("OrderPlaced", "StockRejected", "OrderRejected"),
            List.of("OrderPlaced", "OrderHeld"));

    @Test
    void eachStepOfTheConfirmedSequenceIsPendingUntilConfirmed() {
        List<String> confirmed = SEQUENCES.get(0);
        assertThat(derive(confirmed.subList(0, 1)))
                .isEqualTo(new DerivedState(OrderState.PLACED, "waiting for stock…", null, false));
        assertThat(derive(confirmed.subList(0, 2)))
                .isEqualTo(new DerivedState(OrderState.STOCK_RESERVED, "waiting for payment…", null, false));
        assertThat(derive(confirmed.subList(0, 3)))
                .isEqualTo(new DerivedState(OrderState.PAID, "waiting for confirmation…", null, false));
        assertThat(derive(confirmed.subList(0, 4)))
                .isEqualTo(new DerivedState(OrderState.CONFIRMED, "sending the confirmation email…", null, false));
        assertThat(derive(confirmed)).isEqualTo(new DerivedState(OrderState.CONFIRMED, null, null, false));
    }

    @Test
    void failedPaymentIsCancellingUntilTheOrderServiceCancelsAndTheStockIsReleased() {
        List<String> failed = SEQUENCES.get(1);
        assertThat(derive(failed.subList(0, 3)))
                .isEqualTo(new DerivedState(OrderState.STOCK_RESERVED, "payment failed: cancelling…", "reason", true));
        assertThat(derive(List.of("OrderPlaced", "StockReserved", "PaymentFailed", "OrderCancelled")))
                .isEqualTo(new DerivedState(OrderState.CANCELLED, "releasing the reserved stock…", "reason", true));
        assertThat(derive(failed)).isEqualTo(new DerivedState(OrderState.CANCELLED, null, "reason", true));
    }

    @Test
    void rejectedStockIsRejectingUntilTheOrderServiceRejects() {
        assertThat(derive(List.of("OrderPlaced", "StockRejected")))
                .isEqualTo(new DerivedState(OrderState.PLACED, "out of stock: rejecting…", "reason", false));
        assertThat(derive(SEQUENCES.get(3))).isEqualTo(new DerivedState(OrderState.REJECTED, null, "reason", false));
    }

    @Test
    void onlyTheOrderServicesDecisionsAreTerminal() {
        for (List<String> sequence : SEQUENCES) {
            for (int length = 1; length <= sequence.size(); length++) {
                List<String> seen = sequence.subList(0, length);
                boolean decided = seen.stream()
                        .anyMatch(type -> List.of("OrderConfirmed", "OrderRejected", "OrderCancelled", "OrderHeld")
                                .contains(type));
                assertThat(derive(seen).state().terminal()).as("%s", seen).isEqualTo(decided);
            }
        }
    }

    @Property
    void anyArrivalOrderOfTheSameEventsGivesTheSameState(@ForAll("prefixes") List<String> seen, @ForAll long seed) {
        List<String> shuffled = new ArrayList<>(seen);
        Collections.shuffle(shuffled, new Random(seed));
        assertThat(derive(shuffled)).isEqualTo(derive(seen));
    }

    @Provide
    Arbitrary<List<String>> prefixes() {
        return Arbitraries.of(SEQUENCES)
                .flatMap(sequence ->
                        Arbitraries.integers().between(1, sequence.size()).map(length -> sequence.subList(0, length)));
    }

    private static DerivedState derive(List<String> types) {
        List<TimelineEntry> entries = new ArrayList<>();
        for (String type : types) {
            Map<String, Object> data = type.endsWith("Rejected")
                            || type.endsWith("Failed")
                            || type.endsWith("Cancelled")
                            || type.endsWith("Held")
                            || type.endsWith("Released")
                    ? Map.of("orderId", "o-1", "reason", "reason")
                    : Map.of("orderId", "o-1");
            entries.add(new TimelineEntry(
                    type + "-id", type, "/test", Instant.EPOCH, "orders", 0, entries.size(), "o-1", null, "o-1", data));
        }
        return OrderStateTable.derive(entries);
    }
}
