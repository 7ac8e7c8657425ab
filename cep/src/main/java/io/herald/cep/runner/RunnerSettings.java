package io.herald.cep.runner;

import io.herald.cep.engine.EngineLimits;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link RuleRunner} reaches its cluster and paces itself.
 *
 * @param bootstrapServers the Kafka cluster, {@code host:port[,host:port...]}
 * @param limits the engine's caps on keys and partial matches
 * @param clock processing time, for idle partitions and the commit interval
 * @param pollTimeout how long one poll waits for records; also how often idle partitions are re-examined
 * @param commitInterval the least time between two offset commits while running (a close or a rebalance always
 *     commits)
 * @param clientProperties extra Kafka client properties (security, timeouts), given to the consumer, producer and
 *     admin client; the runner's own settings (group, acks, idempotence, serializers) win over them
 */
public record RunnerSettings(
        String bootstrapServers,
        EngineLimits limits,
        Clock clock,
        Duration pollTimeout,
        Duration commitInterval,
        Map<String, String> clientProperties) {

    /** Checks the values and copies the properties. */
    public RunnerSettings {
        Objects.requireNonNull(bootstrapServers, "a runner needs bootstrap servers (host:port)");
        Objects.requireNonNull(limits, "a runner needs engine limits (EngineLimits.DEFAULT)");
        Objects.requireNonNull(clock, "a runner needs a clock (Clock.systemUTC())");
        if (pollTimeout.isNegative() || pollTimeout.isZero()) {
            throw new IllegalArgumentException("pollTimeout must be positive, was " + pollTimeout);
        }
        if (commitInterval.isNegative()) {
            throw new IllegalArgumentException("commitInterval must not be negative, was " + commitInterval);
        }
        clientProperties = Map.copyOf(clientProperties);
    }

    /** Default settings for a cluster: default limits, the system clock, 100 ms polls, commits at most every second. */
    public static RunnerSettings of(String bootstrapServers) {
        return new RunnerSettings(
                bootstrapServers,
                EngineLimits.DEFAULT,
                Clock.systemUTC(),
                Duration.ofMillis(100),
                Duration.ofSeconds(1),
                Map.of());
    }
}
