package io.herald.server;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code HERALD_*} environment variables that name Kafka properties, as in the Confluent images'
 * {@code KAFKA_*} convention: drop the prefix, lower-case, and read {@code _} as {@code .}, {@code __} as {@code _}
 * and {@code ___} as {@code -}. {@code HERALD_LOG_RETENTION_MS} is {@code log.retention.ms}.
 *
 * <p>The variables of the server's own options ({@code HERALD_DATA_DIR}, {@code HERALD_PORT}, {@code HERALD_CONFIG})
 * and of the launcher and client commands are not properties; {@code HERALD_HTTP_PORT} and
 * {@code HERALD_REGISTRY_PORT} are, by the same rule: {@code http.port} and {@code registry.port}.
 */
final class EnvironmentProperties {
    static final String PREFIX = "HERALD_";

    /**
     * Variables that are options, or belong to bin/herald, the client commands or the bench scripts: never broker
     * properties (a launcher's {@code HERALD_NO_BUILD=1} made the broker warn about a property {@code no.build}).
     */
    static final Set<String> NOT_PROPERTIES = Set.of(
            "HERALD_DATA_DIR",
            "HERALD_PORT",
            "HERALD_CONFIG",
            "HERALD_BOOTSTRAP_SERVER",
            "HERALD_URL",
            "HERALD_SCHEMA_REGISTRY_URL",
            "HERALD_HOME",
            "HERALD_NO_BUILD",
            "HERALD_AOT",
            "HERALD_JAVA_OPTS",
            "HERALD_JAVA_HOME",
            "HERALD_JAVA_MAJOR",
            "HERALD_MIN_JAVA_MAJOR",
            "HERALD_JVM_DIR",
            "HERALD_BIN",
            "HERALD_SERVER_ARGS",
            "HERALD_READY_PATTERN",
            "HERALD_READY_TIMEOUT_S",
            "HERALD_BENCH_DIR");

    private EnvironmentProperties() {}

    /** The property {@code variable} sets, or empty when it is not a property variable. */
    static Optional<String> propertyName(String variable) {
        if (!variable.startsWith(PREFIX) || NOT_PROPERTIES.contains(variable)) return Optional.empty();
        String rest = variable.substring(PREFIX.length()).toLowerCase(Locale.ROOT);
        if (rest.isEmpty()) return Optional.empty();
        StringBuilder name = new StringBuilder(rest.length());
        int i = 0;
        while (i < rest.length()) {
            char c = rest.charAt(i);
            if (c != '_') {
                name.append(c);
                i++;
                continue;
            }
            int run = 0;
            while (i < rest.length() && rest.charAt(i) == '_') {
                run++;
                i++;
            }
            name.append(
                    switch (run) {
                        case 1 -> ".";
                        case 2 -> "_";
                        case 3 -> "-";
                        default -> "_".repeat(run);
                    });
        }
        return Optional.of(name.toString());
    }
}
