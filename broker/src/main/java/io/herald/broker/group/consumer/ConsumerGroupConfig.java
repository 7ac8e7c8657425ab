package io.herald.broker.group.consumer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * The broker settings of consumer groups (KIP-848), under Kafka's names.
 *
 * @param sessionTimeoutMs {@code group.consumer.session.timeout.ms}: a member that sends no heartbeat for this long is
 *     fenced (Kafka's default 45000)
 * @param heartbeatIntervalMs {@code group.consumer.heartbeat.interval.ms}: how often members are told to heartbeat
 *     (Kafka's default 5000); must be below the session timeout
 * @param maxSize {@code group.consumer.max.size}: members per group (Kafka's default {@link Integer#MAX_VALUE})
 * @param assignors {@code group.consumer.assignors}: the server assignors members may ask for, by name ({@code
 *     uniform}, {@code range}) or by Kafka's class name; the first is the default. Kept as names.
 */
public record ConsumerGroupConfig(int sessionTimeoutMs, int heartbeatIntervalMs, int maxSize, List<String> assignors) {
    /** Kafka's defaults. */
    public static final ConsumerGroupConfig DEFAULT = new ConsumerGroupConfig(
            45_000, 5_000, Integer.MAX_VALUE, List.of(UniformAssignor.NAME, RangeAssignor.NAME));

    private static final String KAFKA_ASSIGNOR_PACKAGE = "org.apache.kafka.coordinator.group.assignor.";

    /** @throws IllegalArgumentException naming the setting, the value and the fix */
    public ConsumerGroupConfig {
        if (sessionTimeoutMs <= 0) {
            throw new IllegalArgumentException("group.consumer.session.timeout.ms must be > 0, was " + sessionTimeoutMs
                    + "; Kafka's default is 45000");
        }
        if (heartbeatIntervalMs <= 0 || heartbeatIntervalMs >= sessionTimeoutMs) {
            throw new IllegalArgumentException("group.consumer.heartbeat.interval.ms must be > 0 and below "
                    + "group.consumer.session.timeout.ms (" + sessionTimeoutMs + "), was " + heartbeatIntervalMs
                    + "; Kafka's default is 5000");
        }
        if (maxSize <= 0) {
            throw new IllegalArgumentException("group.consumer.max.size must be > 0, was " + maxSize);
        }
        assignors = assignorNames(assignors);
    }

    /** The default server assignor: the first of {@link #assignors}. */
    public String defaultAssignor() {
        return assignors.getFirst();
    }

    private static List<String> assignorNames(List<String> configured) {
        if (configured.isEmpty()) {
            throw new IllegalArgumentException(
                    "group.consumer.assignors must name at least one assignor: uniform, range");
        }
        List<String> names = new ArrayList<>();
        for (String value : configured) {
            String name = value.trim();
            if (name.equals(KAFKA_ASSIGNOR_PACKAGE + "UniformAssignor")) name = UniformAssignor.NAME;
            if (name.equals(KAFKA_ASSIGNOR_PACKAGE + "RangeAssignor")) name = RangeAssignor.NAME;
            if (ServerAssignor.named(name) == null) {
                throw new IllegalArgumentException("group.consumer.assignors: unknown assignor '" + value
                        + "'; Herald has uniform and range (or Kafka's class names for them)");
            }
            names.add(name);
        }
        if (new HashSet<>(names).size() != names.size()) {
            throw new IllegalArgumentException("group.consumer.assignors lists an assignor twice: " + configured);
        }
        return List.copyOf(names);
    }
}
