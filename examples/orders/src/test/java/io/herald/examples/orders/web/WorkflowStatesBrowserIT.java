package io.herald.examples.orders.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.testkit.HeraldExtension;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The page's drawing of the states the real order system cannot produce on demand, in a real browser: {@code
 * src/test/browser/workflow-states.mjs} sees an order waiting for its payment drawn as pending, a declined payment's
 * compensation, a rejected and a held order with their reasons, and a fraud alert, and saves {@code
 * target/failsafe-reports/WorkflowPageBrowserIT-compensation.png}.
 *
 * <p>Why a stand-in ({@link PageTestServer}) and not {@code OrderSystem}: the real Payment service declines by a
 * deterministic hash of the order id (not for an order the test chooses), a payment is never left waiting, and a hold
 * needs the fraud rule's alert to arrive while the user's order is still open, which depends on the watermark. The
 * stand-in publishes each of those sequences through the SDK as the services would, so the page under test (the feed,
 * the routes, the browser code) is the real one; {@link WorkflowPageBrowserIT} runs the main scenario against the
 * real system.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class WorkflowStatesBrowserIT {
    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    static BrowserScript browser;
    static PageTestServer server;

    @BeforeAll
    static void start() throws Exception {
        browser = BrowserScript.installed();
        OrderFlows.createTopics(herald.herald());
        server = new PageTestServer(herald.bootstrapServers());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void pendingOrderLooksPendingAndFailuresShowTheirReasonAndCompensationAndAlertsAppear() throws Exception {
        Files.deleteIfExists(browser.reports().resolve("WorkflowPageBrowserIT-compensation.png"));

        Map<String, String> out = browser.run("workflow-states.mjs", server.baseUrl());

        assertThat(out).containsEntry("result", "passed");
        assertThat(out.get("pending")).isEqualToIgnoringCase("stock reserved");
        assertThat(out.get("compensation"))
                .isEqualTo("OrderPlaced,StockReserved,PaymentFailed,StockReleased,OrderCancelled");
        assertThat(out.get("reason")).isEqualTo("Reason: card declined");
        assertThat(out.get("alert")).isEqualTo("user burst-user");
        assertThat(out.get("cause")).isEqualTo("caused by PaymentFailed");
        assertThat(out.get("rejected")).isEqualTo("Reason: out of stock: sku-lamp: 0 left");
        assertThat(out.get("held")).isEqualTo("Reason: fraud review");
        assertThat(Files.size(browser.reports().resolve("WorkflowPageBrowserIT-compensation.png")))
                .isPositive();
    }
}
