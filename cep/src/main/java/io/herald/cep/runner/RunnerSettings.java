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
 * @param checkpointTopic the compacted topic that holds the runners' checkpoints (engine state and input offsets);
 *     created with one partition if missing; {@value #DEFAULT_CHECKPOINT_TOPIC} by default
 * @param checkpointInterval the least time between two checkpoints while running (a close and a rebalance always
 *     take one); zero turns checkpoints off, so a restart always replays from the committed offsets
 */
public record RunnerSettings(
        String bootstrapServers,
        EngineLimits limits,
        Clock clock,
        Duration pollTimeout,
        Duration commitInterval,
        Map<String, String> clientProperties,
        String checkpointTopic,
        Duration checkpointInterval) {

    /** The default checkpoint topic. */
    public static final String DEFAULT_CHECKPOINT_TOPIC = "_herald_cep_checkpoints";

    /** The default least time between two checkpoints: 10 s. */
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

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
        if (checkpointTopic == null || checkpointTopic.isBlank()) {
            throw new IllegalArgumentException("checkpointTopic must name a topic, was '" + checkpointTopic
                    + "' (the default is " + DEFAULT_CHECKPOINT_TOPIC + ")");
        }
        if (checkpointInterval.isNegative()) {
            throw new IllegalArgumentException(
                    "checkpointInterval must not be negative (zero turns checkpoints off), was " + checkpointInterval);
        }
    }

    /** Settings with the default checkpoint topic and interval. */
    public RunnerSettings(
            String bootstrapServers,
            EngineLimits limits,
            Clock clock,
            Duration pollTimeout,
            Duration commitInterval,
            Map<String, String> clientProperties) {
        this(
                bootstrapServers,
                limits,
                clock,
                pollTimeout,
                commitInterval,
                clientProperties,
                DEFAULT_CHECKPOINT_TOPIC,
                DEFAULT_CHECKPOINT_INTERVAL);
    }

    /** These settings with another checkpoint topic and interval (zero turns checkpoints off). */
    public RunnerSettings withCheckpoints(String topic, Duration interval) {
        return new RunnerSettings(
                bootstrapServers, limits, clock, pollTimeout, commitInterval, clientProperties, topic, interval);
    }

    /** Whether runners take checkpoints. */
    public boolean checkpointsOn() {
        return !checkpointInterval.isZero();
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
