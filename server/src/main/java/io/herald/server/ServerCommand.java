package io.herald.server;

import io.herald.broker.Broker;
import io.herald.cep.host.HostedRules;
import io.herald.cep.runner.RunnerSettings;
import io.herald.log.LogException;
import io.herald.registry.RegistryConfig;
import io.herald.registry.SchemaRegistry;
import io.herald.server.http.HttpListener;
import io.herald.server.metrics.ServerMetrics;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code herald server}: starts the broker, then the schema registry on it, prints one ready line per listener to
 * stdout, and runs until SIGINT or
 * SIGTERM, then closes the broker cleanly (flush, clean-shutdown marker), prints {@code herald: stopped} and returns
 * 0. How the settings are layered is in {@link ServerConfig}.
 *
 * <p>Thread-safety: runs on the calling thread, which it blocks until the stop; the broker is closed by that thread
 * or, when the JVM ends another way, by the {@code herald-shutdown} hook, whichever comes first ({@link Stopper}).
 */
@Command(
        name = "server",
        mixinStandardHelpOptions = true,
        description = {
            "Starts Herald: the Kafka protocol on --port; stops cleanly on Ctrl-C or SIGTERM.",
            "",
            "Settings, each layer overriding the one before: defaults < --config file < HERALD_* environment"
                    + " < command-line options. Any Kafka broker property can be given as --set key=value or as"
                    + " HERALD_ + its name in upper case with dots as underscores"
                    + " (HERALD_LOG_RETENTION_MS=60000 is log.retention.ms=60000).",
            "",
            "The schema registry (Confluent's REST API) listens on --registry-port and keeps its schemas in this"
                    + " broker's _schemas topic. The HTTP API (CEP rules at /api/rules, hosted in this process, kept"
                    + " in the _herald_rules topic) and the Prometheus metrics (/metrics) listen on --http-port.",
            ""
        })
final class ServerCommand implements Callable<Integer> {
    private final CommandEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Where topics are stored: Kafka's log.dirs (default: ./data; env HERALD_DATA_DIR).")
    private Path dataDir;

    @Option(
            names = "--port",
            paramLabel = "N",
            description = "Kafka protocol port: listeners=PLAINTEXT://127.0.0.1:N (default: 9092; 0 picks a free one;"
                    + " env HERALD_PORT).")
    private Integer port;

    @Option(
            names = "--http-port",
            paramLabel = "N",
            description = "Port of the HTTP API: the CEP rules at /api/rules, Prometheus metrics at /metrics; later the"
                    + " console and gateway (default: 8080; 0 picks a free one; env HERALD_HTTP_PORT).")
    private Integer httpPort;

    @Option(
            names = "--registry-port",
            paramLabel = "N",
            description =
                    "Port of the schema registry (default: 8081; 0 picks a free one; env" + " HERALD_REGISTRY_PORT).")
    private Integer registryPort;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "A Kafka-style .properties file of broker and CEP properties (env HERALD_CONFIG).")
    private Path config;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "A Kafka broker property, e.g. --set log.retention.ms=60000, or a CEP property"
                    + " (cep.checkpoint.topic, cep.checkpoint.interval.ms, cep.restart.backoff.initial.ms,"
                    + " cep.restart.backoff.max.ms; docs/cep.md); repeatable.")
    private Map<String, String> set;

    ServerCommand(CommandEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws InterruptedException {
        ServerConfig config = resolveConfig();
        PrintWriter out = spec.commandLine().getOut();
        Broker broker = start(config);
        SchemaRegistry registry = startRegistry(config, broker);
        HostedRules rules = startRules(config, broker, registry);
        HttpListener http = startHttp(config, broker, rules, registry);
        Stopper stopper = new Stopper(http, rules, registry, broker, out);
        Thread hook = new Thread(stopper::stop, "herald-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        CountDownLatch stopRequested = new CountDownLatch(1);
        environment.stop().onStop(stopRequested::countDown);

        long readyMs = Duration.between(
                        environment.startedAt(), environment.clock().instant())
                .toMillis();
        out.printf(
                "herald: Kafka protocol listening on %s:%d (data in %s, cluster id %s, ready in %d ms)%n",
                broker.host(), broker.port(), broker.config().dataDir(), broker.clusterId(), readyMs);
        out.printf(
                "herald: schema registry listening on http://%s:%d (schemas in topic _schemas)%n",
                broker.host(), registry.port());
        out.printf(
                "herald: HTTP listening on http://%s:%d (rules API at /api/rules, rules in topic %s; metrics at /metrics)%n",
                broker.host(), http.port(), HostedRules.TOPIC);
        out.flush();

        stopRequested.await();
        stopper.stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs or ran; the stopper makes it a no-op
        }
        return 0;
    }

    private ServerConfig resolveConfig() {
        ServerConfig.Options options = new ServerConfig.Options(config, dataDir, port, httpPort, registryPort, set);
        try {
            return ServerConfig.resolve(options, environment.variables());
        } catch (ServerConfig.InvalidSettingException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The registry on {@code registry.port} of the broker's host, storing its schemas in this broker. */
    private static SchemaRegistry startRegistry(ServerConfig config, Broker broker) {
        String listener = "http://" + broker.host() + ":" + config.registryPort();
        RegistryConfig registryConfig = RegistryConfig.fromProperties(Map.of(
                RegistryConfig.LISTENERS,
                listener,
                RegistryConfig.BOOTSTRAP_SERVERS,
                broker.host() + ":" + broker.port()));
        try {
            return SchemaRegistry.start(registryConfig);
        } catch (RuntimeException e) {
            broker.close();
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof BindException) {
                    throw new CommandFailedException("cannot listen on " + broker.host() + ":" + config.registryPort()
                            + " for the schema registry (" + cause.getMessage() + "); stop what uses it or pick"
                            + " another port with --registry-port");
                }
            }
            throw new CommandFailedException("the schema registry did not start: " + e.getMessage());
        }
    }

    /**
     * The rule host, in-process, against this broker's listener: it replays and follows {@code _herald_rules}, with the
     * checkpoint topic, interval and restart backoff of the {@code cep.*} properties.
     */
    private HostedRules startRules(ServerConfig config, Broker broker, SchemaRegistry registry) {
        try {
            RunnerSettings settings = config.cep().applyTo(RunnerSettings.of(broker.host() + ":" + broker.port()));
            return HostedRules.start(settings, environment.clock(), config.cep().restartBackoff());
        } catch (RuntimeException e) {
            registry.close();
            broker.close();
            throw new CommandFailedException("the rule host did not start: " + e.getMessage());
        }
    }

    /** The HTTP listener on {@code http.port} of the broker's host. */
    private static HttpListener startHttp(
            ServerConfig config, Broker broker, HostedRules rules, SchemaRegistry registry) {
        try {
            return HttpListener.start(
                    broker.host(), config.httpPort(), rules, ServerMetrics.create(rules, broker.topics()));
        } catch (RuntimeException e) {
            rules.close();
            registry.close();
            broker.close();
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof BindException) {
                    throw new CommandFailedException("cannot listen on " + broker.host() + ":" + config.httpPort()
                            + " for HTTP (" + cause.getMessage() + "); stop what uses it or pick another port with"
                            + " --http-port");
                }
            }
            throw new CommandFailedException("the HTTP listener did not start: " + e.getMessage());
        }
    }

    private static Broker start(ServerConfig config) {
        try {
            return Broker.start(config.broker());
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof BindException) {
                    throw new CommandFailedException("cannot listen on "
                            + config.broker().host() + ":"
                            + config.broker().port() + " (" + cause.getMessage() + "); stop what uses it or pick"
                            + " another port with --port");
                }
            }
            if (e instanceof LogException) {
                // the data directory is locked by another broker, unreadable, ...: the message says which and why
                throw new CommandFailedException(e.getMessage());
            }
            throw e;
        }
    }
}
