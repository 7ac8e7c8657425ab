package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.client.internal.HandlingScope;
import io.herald.testkit.HeraldExtension;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.MDC;

/** An order flows through three services: orders → payments → shipping; one correlation id follows it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CorrelationIT {
    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    record OrderPlaced(@Key String orderId) {}

    record PaymentTaken(@Key String orderId) {}

    record OrderShipped(@Key String orderId) {}

    private EventPublisher publisher(String source) {
        return EventPublisher.builder()
                .bootstrapServers(herald.bootstrapServers())
                .source(source)
                .defaultTopic("flow")
                .build();
    }

    @Test
    void correlationAndCausationFollowAFlowAcrossThreeHops() throws Exception {
        herald.herald().createTopic("flow", 3);
        Map<String, IncomingEvent<?>> seen = new ConcurrentHashMap<>();
        Map<String, String> mdcSeen = new ConcurrentHashMap<>();

        try (EventPublisher orders = publisher("/orders");
                EventPublisher payments = publisher("/payments");
                EventPublisher shipping = publisher("/shipping");
                EventSubscriber paymentService = EventSubscriber.builder()
                        .bootstrapServers(herald.bootstrapServers())
                        .groupId("payments")
                        .topics("flow")
                        .on(OrderPlaced.class, event -> {
                            seen.put("placed", event);
                            payments.publish(new PaymentTaken(event.data().orderId()))
                                    .get();
                        })
                        .start();
                EventSubscriber shippingService = EventSubscriber.builder()
                        .bootstrapServers(herald.bootstrapServers())
                        .groupId("shipping")
                        .topics("flow")
                        .on(PaymentTaken.class, event -> {
                            seen.put("paid", event);
                            shipping.publish(new OrderShipped(event.data().orderId()))
                                    .get();
                        })
                        .start();
                EventSubscriber notifications = EventSubscriber.builder()
                        .bootstrapServers(herald.bootstrapServers())
                        .groupId("notifications")
                        .topics("flow")
                        .on(OrderShipped.class, event -> {
                            mdcSeen.put("correlationId", MDC.get(HandlingScope.MDC_CORRELATION_ID));
                            mdcSeen.put("eventId", MDC.get(HandlingScope.MDC_EVENT_ID));
                            seen.put("shipped", event);
                        })
                        .start()) {
            PublishResult first = orders.publish(new OrderPlaced("o-1")).get();
            await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == 3);

            IncomingEvent<?> placed = seen.get("placed");
            IncomingEvent<?> paid = seen.get("paid");
            IncomingEvent<?> shipped = seen.get("shipped");
            assertThat(placed.id()).isEqualTo(first.eventId());
            assertThat(placed.correlationId()).isEqualTo(first.eventId());
            assertThat(placed.metadata().causationId()).isNull();
            assertThat(paid.correlationId()).isEqualTo(first.eventId());
            assertThat(paid.metadata().causationId()).isEqualTo(placed.id());
            assertThat(paid.metadata().source()).hasToString("/payments");
            assertThat(shipped.correlationId()).isEqualTo(first.eventId());
            assertThat(shipped.metadata().causationId()).isEqualTo(paid.id());
            assertThat(mdcSeen).containsEntry("correlationId", first.eventId()).containsEntry("eventId", shipped.id());
        }
        // outside a handler the context is gone
        assertThat(HandlingContext.current()).isEmpty();
    }

    @Test
    void aFlowStartedOutsideAHandlerCarriesTheCorrelationItWasGiven() throws Exception {
        herald.herald().createTopic("orders-by-id", 1);
        Map<String, IncomingEvent<?>> seen = new ConcurrentHashMap<>();
        try (EventPublisher orders = EventPublisher.builder()
                        .bootstrapServers(herald.bootstrapServers())
                        .source("/orders")
                        .defaultTopic("orders-by-id")
                        .build();
                EventSubscriber payments = EventSubscriber.builder()
                        .bootstrapServers(herald.bootstrapServers())
                        .groupId("by-id")
                        .topics("orders-by-id")
                        .on(OrderPlaced.class, event -> {
                            seen.put("placed " + event.data().orderId(), event);
                            orders.publish(new PaymentTaken(event.data().orderId()))
                                    .get();
                        })
                        .on(
                                PaymentTaken.class,
                                event -> seen.put("paid " + event.data().orderId(), event))
                        .start()) {
            try (HandlingContext.Correlation scope = HandlingContext.correlate("o-42", "request-7")) {
                assertThat(MDC.get(HandlingScope.MDC_CORRELATION_ID)).isEqualTo("o-42");
                orders.publish(new OrderPlaced("o-42")).get();
            }
            assertThat(HandlingContext.current()).isEmpty();
            assertThat(MDC.get(HandlingScope.MDC_CORRELATION_ID)).isNull();
            PublishResult uncorrelated = orders.publish(new OrderPlaced("o-43")).get();
            await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == 4);

            IncomingEvent<?> placed = seen.get("placed o-42");
            assertThat(placed.correlationId()).isEqualTo("o-42");
            assertThat(placed.metadata().causationId()).isEqualTo("request-7");
            // what the handler publishes continues the given correlation, caused by the handled event
            assertThat(seen.get("paid o-42").correlationId()).isEqualTo("o-42");
            assertThat(seen.get("paid o-42").metadata().causationId()).isEqualTo(placed.id());
            // after the scope, an event starts its own flow again
            assertThat(seen.get("placed o-43").correlationId()).isEqualTo(uncorrelated.eventId());
            assertThat(seen.get("paid o-43").correlationId()).isEqualTo(uncorrelated.eventId());
        }
    }
}
