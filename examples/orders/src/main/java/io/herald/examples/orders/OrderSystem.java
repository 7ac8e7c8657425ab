package io.herald.examples.orders;

import io.herald.cep.plan.Rule;
import io.herald.cep.runner.RuleRunner;
import io.herald.cep.runner.RunnerSettings;
import io.herald.cep.text.RuleText;
import io.herald.examples.orders.email.EmailService;
import io.herald.examples.orders.inventory.InventoryService;
import io.herald.examples.orders.order.OrderHttpApi;
import io.herald.examples.orders.order.OrderService;
import io.herald.examples.orders.payment.PaymentService;
import io.javalin.config.JavalinConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * The whole order system in one process, for the demo and the tests: the topics, the four services (each with its own
 * database under the data dir, as when they run alone), the Order service's HTTP API and the fraud rule
 * ({@code rules/fraud.rule}) run by cep's {@link RuleRunner} until the server hosts rules. The services still talk
 * only through the broker. The Payment service can be killed and started again ({@link #killPayment}, {@link #restartPayment}) and every service's subscriber stopped and restarted ({@code events()}), as a
 * crash and a restart of its process would.
 *
 * <p>Thread-safety: start and stop a service from one thread at a time; the services themselves are thread-safe.
 */
public final class OrderSystem implements AutoCloseable {
    /** Partitions of each topic the system creates. */
    public static final int PARTITIONS = 3;

    private final ServiceSettings settings;
    private final Clock clock;
    private final OrderService order;
    private final OrderHttpApi http;
    private final InventoryService inventory;
    private volatile PaymentService payment;
    private final EmailService email;
    private final RuleRunner fraudRule;

    private OrderSystem(
            ServiceSettings settings,
            Clock clock,
            OrderService order,
            OrderHttpApi http,
            InventoryService inventory,
            PaymentService payment,
            EmailService email,
            RuleRunner fraudRule) {
        this.settings = settings;
        this.clock = clock;
        this.order = order;
        this.http = http;
        this.inventory = inventory;
        this.payment = payment;
        this.email = email;
        this.fraudRule = fraudRule;
    }

    /**
     * Creates the topics and starts everything.
     *
     * @param extraRoutes adds routes to the Order service's HTTP server (the page), or does nothing
     */
    public static OrderSystem start(ServiceSettings settings, Consumer<JavalinConfig> extraRoutes)
            throws SQLException, IOException {
        Clock clock = Clock.systemUTC();
        Topics.createMissing(settings.bootstrapServers(), PARTITIONS);
        InventoryService inventory = InventoryService.start(settings, clock);
        PaymentService payment = PaymentService.start(settings, clock);
        EmailService email = EmailService.start(settings, clock);
        OrderService order = OrderService.start(settings, clock);
        OrderHttpApi http = OrderHttpApi.start(order, settings.httpPort(), extraRoutes);
        RuleRunner fraudRule = RuleRunner.start(loadFraudRule(), RunnerSettings.of(settings.bootstrapServers()));
        return new OrderSystem(settings, clock, order, http, inventory, payment, email, fraudRule);
    }

    /** The fraud rule, parsed from {@code rules/fraud.rule} on the class path. */
    public static Rule loadFraudRule() throws IOException {
        try (InputStream in = OrderSystem.class.getResourceAsStream("/rules/fraud.rule")) {
            if (in == null) {
                throw new IOException("rules/fraud.rule is missing from the class path");
            }
            return RuleText.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** The Order service. */
    public OrderService order() {
        return order;
    }

    /** The Inventory service. */
    public InventoryService inventory() {
        return inventory;
    }

    /** The Payment service (a new instance after {@link #restartPayment}). */
    public PaymentService payment() {
        return payment;
    }

    /** The Email service. */
    public EmailService email() {
        return email;
    }

    /** The fraud rule's runner. */
    public RuleRunner fraudRule() {
        return fraudRule;
    }

    /** The HTTP API's port. */
    public int httpPort() {
        return http.port();
    }

    /**
     * Stops the Payment service as a killed process would end: its in-flight events are abandoned uncommitted (the
     * next subscriber of the group gets them again), then the relay and the database are closed; a transaction still
     * open rolls back.
     */
    public void killPayment() {
        payment.events().stopSubscriber(java.time.Duration.ZERO);
        payment.close();
    }

    /** Starts the Payment service again on its database; it continues from its group's committed offsets. */
    public void restartPayment() throws SQLException {
        payment = PaymentService.start(settings, clock);
    }

    /** Stops everything, the HTTP server first. */
    @Override
    public void close() {
        http.close();
        fraudRule.close();
        order.close();
        email.close();
        payment.close();
        inventory.close();
    }

    /**
     * Runs the order system in one process; see {@link ServiceSettings#fromArgs} for the arguments. The page is not
     * wired here yet (the integrator adds {@code WorkflowWeb}).
     */
    public static void main(String[] args) throws Exception {
        ServiceSettings settings = ServiceSettings.fromArgs(args);
        OrderSystem system = start(settings, config -> {});
        System.out.println("order system on " + settings.bootstrapServers() + ": http://localhost:" + system.httpPort()
                + "/api/orders, data in " + settings.dataDir().toAbsolutePath());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            system.close();
            stopped.countDown();
        }));
        stopped.await();
    }
}
