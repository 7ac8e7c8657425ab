package io.herald.examples.orders.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.tuple;

import io.herald.testkit.HeraldExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The page in a real browser: {@code src/test/browser/place-order.mjs} drives Debian's Chromium ({@code
 * /usr/bin/chromium}) with Playwright ({@code playwright-core}, pinned in that folder's {@code package-lock.json})
 * against {@link PageTestServer}: {@code place-order.mjs} places an order in the form, sees it reach CONFIRMED with
 * its timeline, checks keyboard selection and the phone layout; {@code workflow-states.mjs} sees a waiting order
 * drawn as pending, a declined payment's compensation, a rejected and a held order with their reasons, and a fraud
 * alert. Screenshots go to {@code
 * target/failsafe-reports}. node, chromium
 * and the script's {@code node_modules} must be installed ({@code .ci/run} does all three); if not, the test fails.
 *
 * <p>Until the services are merged, the order's events come from the test server's stand-in {@code POST
 * /api/orders} (see {@link PageTestServer}); the integrator points this test at the real {@code OrderSystem}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class WorkflowPageBrowserIT {
    private static final long NODE_TIMEOUT_SECONDS = 120;
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    static PageTestServer server;
    static Path basedir;
    static Path script;

    @BeforeAll
    static void start() {
        basedir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
        script = basedir.resolve("src/test/browser");
        if (!Files.isDirectory(script.resolve("node_modules/playwright-core"))) {
            fail("playwright-core is not installed in %s: run .ci/run, or `npm ci` in that folder", script);
        }
        if (!Files.isExecutable(CHROMIUM)) {
            fail("%s is missing: run .ci/run, or `apt-get install -y chromium`", CHROMIUM);
        }
        OrderFlows.createTopics(herald.herald());
        server = new PageTestServer(herald.bootstrapServers());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void orderPlacedInThePageReachesConfirmedWithItsTimeline() throws Exception {
        Path reports = Files.createDirectories(basedir.resolve("target/failsafe-reports"));
        Files.deleteIfExists(reports.resolve("WorkflowPageBrowserIT-desktop.png"));

        Map<String, String> out = node("place-order.mjs", reports);

        assertThat(out)
                .containsEntry("result", "passed")
                .containsEntry("keyboard", "ok")
                .containsEntry("phone", "ok");
        assertThat(out.get("types")).isEqualTo("OrderPlaced,StockReserved,PaymentSucceeded,OrderConfirmed,EmailSent");
        assertThat(out.get("services")).isEqualTo("Order,Inventory,Payment,Order,Email");
        assertThat(out.get("state")).isEqualToIgnoringCase("confirmed");
        // what the page showed is what the feed joined from the broker
        OrderTimeline timeline = server.feed().timeline(out.get("orderId")).orElseThrow();
        assertThat(timeline.state()).isEqualTo(OrderState.CONFIRMED);
        assertThat(timeline.userId()).isEqualTo("browser-user");
        // the form's first item as the test filled it, the second as the page offered it
        assertThat(timeline.items())
                .extracting(item -> item.get("sku"), item -> item.get("quantity"))
                .containsExactly(tuple("sku-mug", 3), tuple("sku-stickers", 1));
        for (String screenshot :
                new String[] {"WorkflowPageBrowserIT-desktop.png", "WorkflowPageBrowserIT-phone.png"}) {
            byte[] png = Files.readAllBytes(reports.resolve(screenshot));
            assertThat(png).as(screenshot).startsWith(0x89, 'P', 'N', 'G');
        }
    }

    @Test
    void pendingOrderLooksPendingAndFailuresShowTheirReasonAndCompensationAndAlertsAppear() throws Exception {
        Path reports = Files.createDirectories(basedir.resolve("target/failsafe-reports"));

        Map<String, String> out = node("workflow-states.mjs", reports);

        assertThat(out).containsEntry("result", "passed");
        assertThat(out.get("pending")).isEqualToIgnoringCase("stock reserved");
        assertThat(out.get("compensation"))
                .isEqualTo("OrderPlaced,StockReserved,PaymentFailed,StockReleased,OrderCancelled");
        assertThat(out.get("reason")).isEqualTo("Reason: card declined");
        assertThat(out.get("alert")).isEqualTo("user burst-user");
        assertThat(out.get("cause")).isEqualTo("caused by PaymentFailed");
        assertThat(out.get("rejected")).isEqualTo("Reason: out of stock: sku-lamp: 0 left");
        assertThat(out.get("held")).isEqualTo("Reason: fraud review");
        assertThat(Files.size(reports.resolve("WorkflowPageBrowserIT-compensation.png")))
                .isPositive();
    }

    /** Runs a script of the browser folder; its {@code key=value} lines, or a failure with its whole output. */
    private static Map<String, String> node(String name, Path screenshots) throws IOException, InterruptedException {
        ProcessBuilder builder =
                new ProcessBuilder("node", name).directory(script.toFile()).redirectErrorStream(true);
        builder.environment().put("HERALD_PAGE_URL", server.baseUrl());
        builder.environment().put("SCREENSHOT_DIR", screenshots.toString());
        builder.environment().put("CHROMIUM", CHROMIUM.toString());
        Process process = builder.start();
        String output;
        try (var in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(NODE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("%s did not finish within %d s:%n%s", name, NODE_TIMEOUT_SECONDS, output);
        }
        if (process.exitValue() != 0) {
            fail("%s exited with %d:%n%s", name, process.exitValue(), output);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0)
                values.put(
                        line.substring(0, equals).strip(),
                        line.substring(equals + 1).strip());
        }
        return values;
    }
}
