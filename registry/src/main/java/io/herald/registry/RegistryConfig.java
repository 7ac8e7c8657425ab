package io.herald.registry;

import io.herald.registry.internal.schema.CompatibilityLevel;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link SchemaRegistry} runs, under Confluent Schema Registry's property names.
 *
 * @param listeners where the HTTP API listens, e.g. {@code http://0.0.0.0:8081} (port 0: a free port)
 * @param bootstrapServers {@code kafkastore.bootstrap.servers}: the Kafka (or Herald) cluster holding the schemas
 * @param topic {@code kafkastore.topic}: the compacted one-partition topic of schemas, {@code _schemas}
 * @param compatibilityLevel {@code schema.compatibility.level}: the level until one is set through {@code /config}
 * @param timeout {@code kafkastore.timeout.ms}: how long a write or the start-up replay may take
 * @param groupId {@code schema.registry.group.id}: the consumer group in which instances elect their one writer
 * @param hostName {@code host.name}: how other instances reach this one to forward writes; null for the listener's
 *     host (or {@code localhost} when that is 0.0.0.0)
 * @param idleTimeout {@code idle.timeout.ms}: how long the HTTP server keeps an idle keep-alive connection open. It must
 *     outlast the keep-alive of the clients, so that the client always closes an idle connection first: when both
 *     sides give up at the same moment, a client may send a request on a connection the server is closing, and a
 *     POST lost that way is not retried. Hence 180 s by default, above the JDK HttpClient's 30 s, Go's 90 s and
 *     curl's 118 s (Confluent's 30 s meets the JDK client's exactly).
 */
public record RegistryConfig(
        String listeners,
        String bootstrapServers,
        String topic,
        String compatibilityLevel,
        Duration timeout,
        String groupId,
        String hostName,
        Duration idleTimeout) {

    public static final String LISTENERS = "listeners";
    public static final String BOOTSTRAP_SERVERS = "kafkastore.bootstrap.servers";
    public static final String TOPIC = "kafkastore.topic";
    public static final String COMPATIBILITY_LEVEL = "schema.compatibility.level";
    public static final String TIMEOUT_MS = "kafkastore.timeout.ms";
    public static final String GROUP_ID = "schema.registry.group.id";
    public static final String HOST_NAME = "host.name";
    public static final String IDLE_TIMEOUT_MS = "idle.timeout.ms";

    public RegistryConfig {
        Objects.requireNonNull(listeners, LISTENERS);
        Objects.requireNonNull(bootstrapServers, BOOTSTRAP_SERVERS);
        Objects.requireNonNull(topic, TOPIC);
        Objects.requireNonNull(compatibilityLevel, COMPATIBILITY_LEVEL);
        Objects.requireNonNull(timeout, TIMEOUT_MS);
        Objects.requireNonNull(groupId, GROUP_ID);
        Objects.requireNonNull(idleTimeout, IDLE_TIMEOUT_MS);
        try {
            CompatibilityLevel.fromName(compatibilityLevel);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(COMPATIBILITY_LEVEL + " must be one of NONE, BACKWARD,"
                    + " BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE, was "
                    + compatibilityLevel);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(TIMEOUT_MS + " must be > 0, was " + timeout.toMillis());
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException(IDLE_TIMEOUT_MS + " must be > 0, was " + idleTimeout.toMillis());
        }
    }

    /**
     * The defaults (port 8081, {@code _schemas}, BACKWARD, 10 s, group {@code herald-schema-registry}, idle connections
     * kept 180 s) for the cluster at {@code bootstrapServers}.
     */
    public static RegistryConfig forCluster(String bootstrapServers) {
        return new RegistryConfig(
                "http://0.0.0.0:8081",
                bootstrapServers,
                "_schemas",
                "BACKWARD",
                Duration.ofSeconds(10),
                "herald-schema-registry",
                null,
                Duration.ofSeconds(180));
    }

    /**
     * A config from properties with Confluent's names; absent ones take the defaults.
     *
     * @throws IllegalArgumentException when {@code kafkastore.bootstrap.servers} is missing
     */
    public static RegistryConfig fromProperties(Map<String, String> properties) {
        String bootstrap = properties.get(BOOTSTRAP_SERVERS);
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new IllegalArgumentException(BOOTSTRAP_SERVERS + " is required, e.g. localhost:9092");
        }
        RegistryConfig defaults = forCluster(bootstrap);
        String timeoutMs = properties.get(TIMEOUT_MS);
        String idleTimeoutMs = properties.get(IDLE_TIMEOUT_MS);
        return new RegistryConfig(
                properties.getOrDefault(LISTENERS, defaults.listeners()),
                bootstrap,
                properties.getOrDefault(TOPIC, defaults.topic()),
                properties.getOrDefault(COMPATIBILITY_LEVEL, defaults.compatibilityLevel()),
                timeoutMs == null ? defaults.timeout() : Duration.ofMillis(parseLong(TIMEOUT_MS, timeoutMs)),
                properties.getOrDefault(GROUP_ID, defaults.groupId()),
                properties.get(HOST_NAME),
                idleTimeoutMs == null
                        ? defaults.idleTimeout()
                        : Duration.ofMillis(parseLong(IDLE_TIMEOUT_MS, idleTimeoutMs)));
    }

    private static long parseLong(String property, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(property + " must be a number of milliseconds, was '" + value + "'");
        }
    }

    /** This config listening on {@code listeners} instead. */
    public RegistryConfig withListeners(String listeners) {
        return new RegistryConfig(
                listeners, bootstrapServers, topic, compatibilityLevel, timeout, groupId, hostName, idleTimeout);
    }

    /** This config keeping its schemas in {@code topic} instead. */
    public RegistryConfig withTopic(String topic) {
        return new RegistryConfig(
                listeners, bootstrapServers, topic, compatibilityLevel, timeout, groupId, hostName, idleTimeout);
    }

    /** This config with another default compatibility level. */
    public RegistryConfig withCompatibilityLevel(String level) {
        return new RegistryConfig(listeners, bootstrapServers, topic, level, timeout, groupId, hostName, idleTimeout);
    }

    /** The host other instances use to reach this one: {@code host.name}, else the listener's host. */
    public String advertisedHost() {
        if (hostName != null && !hostName.isBlank()) {
            return hostName;
        }
        String host = host();
        return host.equals("0.0.0.0") ? "localhost" : host;
    }

    /** The host to bind, from the first listener. */
    public String host() {
        return listener().getHost();
    }

    /** The port to bind, from the first listener (8081 when it names none). */
    public int port() {
        int port = listener().getPort();
        return port < 0 ? 8081 : port;
    }

    private URI listener() {
        String first = listeners.split(",")[0].trim();
        URI uri = URI.create(first);
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    LISTENERS + " must be like http://0.0.0.0:8081 (https is not supported yet), was " + listeners);
        }
        return uri;
    }
}
