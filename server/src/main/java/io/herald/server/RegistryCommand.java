package io.herald.server;

import io.herald.registry.RegistryConfig;
import io.herald.registry.SchemaRegistry;
import java.io.PrintWriter;
import java.net.BindException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code herald registry}: runs the Confluent-compatible schema registry alone against any Kafka cluster, prints one
 * ready line, and runs until SIGINT or SIGTERM, then prints {@code herald: stopped} and returns 0.
 *
 * <p>Thread-safety: runs on the calling thread, which it blocks until the stop.
 */
@Command(
        name = "registry",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the schema registry (Confluent Schema Registry's REST API) against a Kafka cluster, keeping the"
                    + " schemas in its _schemas topic; stops on Ctrl-C or SIGTERM.",
            "Several registries on one cluster elect one writer and forward writes to it.",
            ""
        })
final class RegistryCommand implements Callable<Integer> {

    private final CommandEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--bootstrap-server",
            paramLabel = "HOST:PORT",
            description = "The Kafka cluster holding the schemas (default: 127.0.0.1:9092; env"
                    + " HERALD_BOOTSTRAP_SERVER).")
    private String bootstrapServer;

    @Option(
            names = "--port",
            paramLabel = "N",
            description = "HTTP port of the registry's API (default: 8081; 0 picks a free one).")
    private Integer port;

    @Option(
            names = "--host",
            paramLabel = "HOST",
            description = "Address to listen on (default: 127.0.0.1; 0.0.0.0 for every interface).")
    private String host;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "A registry property under Confluent's name: kafkastore.topic (default _schemas),"
                    + " schema.compatibility.level (default BACKWARD), kafkastore.timeout.ms, listeners.")
    private Map<String, String> set;

    RegistryCommand(CommandEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws InterruptedException {
        RegistryConfig config = config();
        PrintWriter out = spec.commandLine().getOut();
        SchemaRegistry registry = start(config);
        CountDownLatch stopRequested = new CountDownLatch(1);
        environment.stop().onStop(stopRequested::countDown);
        out.printf(
                "herald: schema registry listening on http://%s:%d (schemas in topic %s of %s)%n",
                config.host(), registry.port(), config.topic(), config.bootstrapServers());
        out.flush();
        stopRequested.await();
        registry.close();
        out.println("herald: stopped");
        out.flush();
        return 0;
    }

    private RegistryConfig config() {
        Map<String, String> properties = new LinkedHashMap<>();
        if (set != null) {
            properties.putAll(set);
        }
        String bootstrap = bootstrapServer;
        if (bootstrap == null) {
            bootstrap = environment.variables().getOrDefault("HERALD_BOOTSTRAP_SERVER", "127.0.0.1:9092");
        }
        properties.put(RegistryConfig.BOOTSTRAP_SERVERS, bootstrap);
        if (port != null || host != null || !properties.containsKey(RegistryConfig.LISTENERS)) {
            int listenPort = port == null ? 8081 : ServerConfig.port("--port", port.toString());
            properties.put(
                    RegistryConfig.LISTENERS, "http://" + (host == null ? "127.0.0.1" : host) + ":" + listenPort);
        }
        try {
            RegistryConfig config = RegistryConfig.fromProperties(properties);
            config.host(); // checks listeners now, as a bad option
            return config;
        } catch (IllegalArgumentException | ServerConfig.InvalidSettingException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static SchemaRegistry start(RegistryConfig config) {
        try {
            return SchemaRegistry.start(config);
        } catch (IllegalArgumentException e) {
            throw new CommandFailedException(e.getMessage());
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof BindException) {
                    throw new CommandFailedException("cannot listen on " + config.listeners() + " ("
                            + cause.getMessage() + "); stop what uses it or pick another port with --port");
                }
            }
            if (e instanceof IllegalStateException) {
                throw new CommandFailedException(e.getMessage() + "; is a Kafka cluster running there? (set"
                        + " --bootstrap-server or HERALD_BOOTSTRAP_SERVER)");
            }
            throw e;
        }
    }
}
