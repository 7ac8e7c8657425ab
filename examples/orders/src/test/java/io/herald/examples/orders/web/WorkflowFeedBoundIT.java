package io.herald.examples.orders.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.testkit.HeraldExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The feed's memory bound, on a broker of its own so that no other test's orders compete for the places. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WorkflowFeedBoundIT {
    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    @Test
    void keepsTheMostRecentlyChangedOrdersOnly() {
        OrderFlows.createTopics(herald.herald());
        List<String> orderIds = new ArrayList<>();
        try (OrderFlows flows = new OrderFlows(herald.bootstrapServers());
                WorkflowFeed feed = new WorkflowFeed(herald.bootstrapServers(), 3).start()) {
            for (int i = 0; i < 6; i++) {
                String orderId = "o-bound-" + i;
                orderIds.add(orderId);
                flows.confirmed(orderId, "user-" + i, "Lisbon");
                // one order after the other: the feed has order i complete before order i+1 begins
                WorkflowFeedIT.awaitEntries(feed, orderId, 5);
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> feed.orders(100).size() == 3);
            assertThat(feed.orders(100))
                    .extracting(OrderTimeline::orderId)
                    .containsExactly("o-bound-5", "o-bound-4", "o-bound-3");
            assertThat(feed.timeline("o-bound-0")).isEmpty();
            assertThat(feed.changesAfter(0).orders()).hasSize(3);
        }
    }
}
