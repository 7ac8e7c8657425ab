package io.herald.client;

import static org.awaitility.Awaitility.await;

import io.herald.testkit.HeraldExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The first service of docs/sdk.md, line for line but for the broker address and the shutdown hook. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FirstServiceIT {
    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    @EventType("OrderPlaced")
    record OrderPlaced(@Key String orderId, long amountCents) {}

    record InvoiceSent(@Key String orderId) {}

    @Test
    void theGuidesFirstServiceBillsAnOrder() {
        herald.herald().createTopic("orders", 3);
        List<String> invoiced = new CopyOnWriteArrayList<>();

        var publisher = EventPublisher.builder()
                .bootstrapServers(herald.bootstrapServers())
                .source("/billing")
                .defaultTopic("orders")
                .build();
        var subscriber = EventSubscriber.builder()
                .bootstrapServers(herald.bootstrapServers())
                .groupId("billing")
                .topics("orders")
                .on(OrderPlaced.class, event -> {
                    System.out.println("billing " + event.data().orderId());
                    publisher.publish(new InvoiceSent(event.data().orderId())).join();
                })
                .on(InvoiceSent.class, event -> invoiced.add(event.data().orderId())) // the test's check
                .start();
        publisher.publish(new OrderPlaced("o-1", 4200)).join();

        await().atMost(Duration.ofSeconds(20)).until(() -> invoiced.equals(List.of("o-1")));
        subscriber.close();
        publisher.close();
    }
}
