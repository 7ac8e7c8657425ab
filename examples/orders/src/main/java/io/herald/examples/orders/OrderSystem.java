package io.herald.examples.orders;

import io.herald.cep.host.DeployResult;
import io.herald.cep.host.HostedRules;
import io.herald.cep.host.RuleStatus;
import io.herald.cep.runner.RunnerSettings;
import io.herald.cep.runner.StartPoint;
import io.herald.examples.orders.email.EmailService;
import io.herald.examples.orders.fraud.FraudRule;
import io.herald.examples.orders.fraud.FraudRuleHost;
import io.herald.examples.orders.fraud.RulesApiClient;
import io.herald.examples.orders.inventory.InventoryService;
import io.herald.examples.orders.order.OrderHttpApi;
import io.herald.examples.orders.order.OrderService;
import io.herald.examples.orders.payment.PaymentService;
import io.herald.examples.orders.web.WorkflowFeed;
import io.herald.examples.orders.web.WorkflowWeb;
import io.javalin.config.JavalinConfig;
import java.io.IOException;
import java.net.URI;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole order system in one process, for the demo and the tests: the topics, the four services (each with its own
 * database under the data dir, as when they run alone), the Order service's HTTP API with the page ({@link
 * WorkflowWeb} at {@code /}) and the fraud rule ({@code rules/fraud.rule}), deployed where {@link FraudRuleHost} says:
 * hosted by this process through cep's {@link HostedRules}, or by a Herald server over its rules API. The services
 * still talk only through the broker. The Payment service can be killed and started again ({@link #killPayment}, {@link #restartPayment}) and every service's subscriber stopped and restarted ({@code events()}), as a
 * crash and a restart of its process would.
 *
 * <p>Thread-safety: start and stop a service from one thread at a time; the services themselves are thread-safe.
 */
public final class OrderSystem implements AutoCloseable {
    /** Partitions of each topic the system creates. */
    public static final int PARTITIONS = 3;

    private static final Logger LOG = LoggerFactory.getLogger(OrderSystem.class);

    private final ServiceSettings settings;
    private final Clock clock;
    private final OrderService order;
    private final OrderHttpApi http;
    private final InventoryService inventory;
    private volatile PaymentService payment;
    private final EmailService email;
    private final Optional<HostedRules> hostedRules;
    private final WorkflowFeed page;

    private OrderSystem(
            ServiceSettings settings,
            Clock clock,
            OrderService order,
            OrderHttpApi http,
            InventoryService inventory,
            PaymentService payment,
            EmailService email,
            Optional<HostedRules> hostedRules,
            WorkflowFeed page) {
        this.settings = settings;
        this.clock = clock;
        this.order = order;
        this.http = http;
        this.inventory = inventory;
        this.payment = payment;
        this.email = email;
        this.hostedRules = hostedRules;
        this.page = page;
    }

    /**
     * Creates the topics and starts everything, the fraud rule hosted by this process ({@link FraudRuleHost.InProcess}).
     *
     * @param extraRoutes adds routes to the Order service's HTTP server besides the API and the page, or does nothing
     */
    public static OrderSystem start(ServiceSettings settings, Consumer<JavalinConfig> extraRoutes)
            throws SQLException, IOException, InterruptedException {
        return start(settings, new FraudRuleHost.InProcess(), extraRoutes);
    }

    /**
     * Creates the topics, starts the four services and the HTTP API with the page, and deploys the fraud rule to
     * {@code ruleHost}, from the beginning of {@code orders} when it is new (deploying the same rule again changes
     * nothing: its consumer group continues where it stopped).
     *
     * @param ruleHost who runs the fraud rule
     * @param extraRoutes adds routes to the Order service's HTTP server besides the API and the page, or does nothing
     * @throws IOException when the Herald server refuses the rule or cannot be reached
     */
    public static OrderSystem start(
            ServiceSettings settings, FraudRuleHost ruleHost, Consumer<JavalinConfig> extraRoutes)
            throws SQLException, IOException, InterruptedException {
        Clock clock = Clock.systemUTC();
        Topics.createMissing(settings.bootstrapServers(), PARTITIONS);
        Optional<HostedRules> hostedRules = deployFraudRule(settings, ruleHost, clock);
        InventoryService inventory = InventoryService.start(settings, clock);
        PaymentService payment = PaymentService.start(settings, clock);
        EmailService email = EmailService.start(settings, clock);
        OrderService order = OrderService.start(settings, clock);
        AtomicReference<WorkflowFeed> page = new AtomicReference<>();
        OrderHttpApi http = OrderHttpApi.start(order, settings.httpPort(), config -> {
            page.set(WorkflowWeb.install(config, settings.bootstrapServers()));
            extraRoutes.accept(config);
        });
        return new OrderSystem(settings, clock, order, http, inventory, payment, email, hostedRules, page.get());
    }

    private static Optional<HostedRules> deployFraudRule(ServiceSettings settings, FraudRuleHost ruleHost, Clock clock)
            throws IOException, InterruptedException {
        String deployedBy = "order-system";
        switch (ruleHost) {
            case FraudRuleHost.InProcess inProcess -> {
                HostedRules rules = HostedRules.start(RunnerSettings.of(settings.bootstrapServers()), clock);
                try {
                    DeployResult result = rules.deploy(FraudRule.text(), StartPoint.EARLIEST, deployedBy);
                    LOG.info("fraud rule {} hosted in this process: {}", FraudRule.NAME, result);
                } catch (RuntimeException e) {
                    rules.close();
                    throw e;
                }
                return Optional.of(rules);
            }
            case FraudRuleHost.Server server -> {
                String answer = new RulesApiClient(server.heraldUrl())
                        .deploy(FraudRule.NAME, FraudRule.text(), "earliest", deployedBy);
                LOG.info("fraud rule {} deployed to {}: {}", FraudRule.NAME, server.heraldUrl(), answer);
                return Optional.empty();
            }
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

    /**
     * The fraud rule as this process hosts it (version, state, its runner's figures); empty when a Herald server
     * hosts it ({@link FraudRuleHost.Server}).
     */
    public Optional<RuleStatus> fraudRule() {
        return hostedRules.flatMap(rules -> rules.describe(FraudRule.NAME));
    }

    /** The page's feed: every order's timeline as the page shows it. */
    public WorkflowFeed page() {
        return page;
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
        http.close(); // stops the page's feed too
        hostedRules.ifPresent(HostedRules::close);
        order.close();
        email.close();
        payment.close();
        inventory.close();
    }

    /**
     * Runs the order system in one process. Its own option {@code --herald-url URL} (a Herald server's HTTP address)
     * leaves the fraud rule to that server: it is deployed there and not run here; without it this process hosts the
     * rule. The other arguments are {@link ServiceSettings#fromArgs}'s.
     */
    public static void main(String[] args) throws Exception {
        List<String> serviceArgs = new ArrayList<>();
        FraudRuleHost ruleHost = new FraudRuleHost.InProcess();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--herald-url")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--herald-url needs a value, e.g. http://127.0.0.1:8080");
                }
                ruleHost = new FraudRuleHost.Server(URI.create(args[++i]));
            } else {
                serviceArgs.add(args[i]);
            }
        }
        ServiceSettings settings = ServiceSettings.fromArgs(serviceArgs.toArray(String[]::new));
        OrderSystem system = start(settings, ruleHost, config -> {});
        System.out.println("order system on " + settings.bootstrapServers() + ": the page at http://localhost:"
                + system.httpPort() + "/, data in " + settings.dataDir().toAbsolutePath());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            system.close();
            stopped.countDown();
        }));
        stopped.await();
    }
}
