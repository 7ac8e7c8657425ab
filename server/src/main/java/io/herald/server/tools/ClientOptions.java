package io.herald.server.tools;

import io.herald.server.CommandEnvironment;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options every client command shares, under the names of Kafka's own tools: {@code --bootstrap-server} and
 * {@code --command-config}. The broker address comes from, in order of precedence: {@code --bootstrap-server},
 * {@code HERALD_BOOTSTRAP_SERVER}, the {@code bootstrap.servers} of the {@code --command-config} file,
 * 127.0.0.1:9092.
 *
 * <p>The commands set short timeouts of their own (a few seconds, so a missing broker is reported quickly) only where
 * the {@code --command-config} file does not set them.
 */
public final class ClientOptions {
    static final String DEFAULT_BOOTSTRAP_SERVER = "127.0.0.1:9092";

    /** How long an Admin call waits for the broker before the command gives up. */
    static final int API_TIMEOUT_MS = 5_000;

    /** How long {@link #brokerReachable} waits: a broker that is up answers in milliseconds. */
    static final int PROBE_TIMEOUT_MS = 2_000;

    private final CommandEnvironment environment;

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(
            names = "--bootstrap-server",
            paramLabel = "HOST:PORT",
            description = "The broker to connect to (default: 127.0.0.1:9092; env HERALD_BOOTSTRAP_SERVER).")
    private String bootstrapServer;

    @Option(
            names = "--command-config",
            paramLabel = "FILE",
            description = "A .properties file of Kafka client configs (security, timeouts, ...).")
    private Path commandConfig;

    ClientOptions(CommandEnvironment environment) {
        this.environment = environment;
    }

    /** The broker address the command connects to. */
    String bootstrapServers() {
        if (bootstrapServer != null) return bootstrapServer;
        String fromEnvironment = environment.variables().get("HERALD_BOOTSTRAP_SERVER");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) return fromEnvironment;
        return fileProperties().getProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, DEFAULT_BOOTSTRAP_SERVER);
    }

    /** The {@code --command-config} properties with {@code bootstrap.servers} set. */
    Properties properties() {
        Properties properties = fileProperties();
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return properties;
    }

    /** An Admin client that gives up after {@link #API_TIMEOUT_MS} unless the command config says otherwise. */
    Admin admin() {
        return admin(API_TIMEOUT_MS);
    }

    private Admin admin(int timeoutMs) {
        Properties properties = properties();
        properties.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "herald-admin");
        properties.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(timeoutMs));
        properties.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(timeoutMs));
        return Admin.create(properties);
    }

    /**
     * Whether a broker answers at {@link #bootstrapServers()} within {@link #PROBE_TIMEOUT_MS}: tells an unreachable
     * broker from a missing topic after a producer gave up waiting for the topic's metadata.
     */
    boolean brokerReachable() throws InterruptedException {
        try (Admin admin = admin(PROBE_TIMEOUT_MS)) {
            admin.describeCluster().clusterId().get();
            return true;
        } catch (ExecutionException e) {
            return false;
        }
    }

    private Properties fileProperties() {
        Properties properties = new Properties();
        if (commandConfig == null) return properties;
        try (Reader reader = Files.newBufferedReader(commandConfig, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new ParameterException(
                    command.commandLine(),
                    "--command-config " + commandConfig + ": no such file; give a .properties file of Kafka client"
                            + " configs");
        } catch (IOException | IllegalArgumentException e) {
            throw new ParameterException(
                    command.commandLine(), "--command-config " + commandConfig + ": cannot read it (" + e + ")");
        }
        return properties;
    }
}
