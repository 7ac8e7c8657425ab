package io.herald.examples.orders.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.herald.examples.orders.OrderSystem;
import io.herald.examples.orders.ServiceSettings;
import io.herald.examples.orders.TestRegistry;
import io.herald.examples.orders.order.OrderView;
import io.herald.testkit.HeraldExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page in a real browser, served by the real order system: an {@link OrderSystem} (the four services, the fraud
 * rule, the Order service's app with the page) on the testkit broker. {@code src/test/browser/place-order.mjs} places
 * an order in the page's form, sees it reach CONFIRMED with its timeline, checks keyboard selection and the phone
 * layout, and saves {@code target/failsafe-reports/WorkflowPageBrowserIT-desktop.png} and {@code -phone.png}. The
 * payment failure rate is 0, so the order must be confirmed.
 *
 * <p>The states the real system cannot produce on demand (a payment left waiting, a declined payment for a chosen
 * order, a held order) are drawn against a stand-in in {@link WorkflowStatesBrowserIT}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class WorkflowPageBrowserIT {
    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    @TempDir
    static Path data;

    static BrowserScript browser;
    static TestRegistry registry;
    static OrderSystem system;

    @BeforeAll
    static void start() throws Exception {
        browser = BrowserScript.installed();
        registry = TestRegistry.start(herald.bootstrapServers());
        system = OrderSystem.start(
                new ServiceSettings(herald.bootstrapServers(), data, 0, 0.0, registry.url(), true), config -> {});
    }

    @AfterAll
    static void stop() {
        if (system != null) system.close();
        if (registry != null) registry.close();
    }

    @Test
    void orderPlacedInThePageReachesConfirmedWithItsTimeline() throws Exception {
        Files.deleteIfExists(browser.reports().resolve("WorkflowPageBrowserIT-desktop.png"));

        Map<String, String> out = browser.run("place-order.mjs", "http://127.0.0.1:" + system.httpPort());

        assertThat(out)
                .containsEntry("result", "passed")
                .containsEntry("keyboard", "ok")
                .containsEntry("phone", "ok");
        assertThat(out.get("types")).isEqualTo("OrderPlaced,StockReserved,PaymentSucceeded,OrderConfirmed,EmailSent");
        assertThat(out.get("services")).isEqualTo("Order,Inventory,Payment,Order,Email");
        assertThat(out.get("state")).isEqualToIgnoringCase("confirmed");
        String orderId = out.get("orderId");
        // the Order service's own record of the order agrees with what the page showed
        OrderView order = system.order().find(orderId).orElseThrow();
        assertThat(order.state().name()).isEqualTo("CONFIRMED");
        assertThat(order.userId()).isEqualTo("browser-user");
        // and so does the page's feed, joined from the broker
        OrderTimeline timeline = system.page().timeline(orderId).orElseThrow();
        assertThat(timeline.state()).isEqualTo(OrderState.CONFIRMED);
        // the form's first item as the test filled it, the second as the page offered it
        assertThat(timeline.items())
                .extracting(item -> item.get("sku"), item -> item.get("quantity"))
                .containsExactly(tuple("sku-mug", 3), tuple("sku-stickers", 1));
        // the Email service wrote the confirmation
        assertThat(system.email().mailbox().messageOf(orderId)).isRegularFile();
        for (String screenshot :
                new String[] {"WorkflowPageBrowserIT-desktop.png", "WorkflowPageBrowserIT-phone.png"}) {
            byte[] png = Files.readAllBytes(browser.reports().resolve(screenshot));
            assertThat(png).as(screenshot).startsWith(0x89, 'P', 'N', 'G');
        }
    }
}
