package io.herald.cep.host;

import io.herald.cep.runner.RunnerSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The CEP settings a user can give as Kafka-style properties ({@code herald server} and {@code herald cep} take them
 * as {@code --set}, {@code --config} file lines or {@code HERALD_CEP_*} variables):
 *
 * <table>
 *   <caption>properties</caption>
 *   <tr><th>property</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@value #CHECKPOINT_TOPIC}</td><td>{@code _herald_cep_checkpoints}</td><td>the compacted topic of the
 *       runners' checkpoints</td></tr>
 *   <tr><td>{@value #CHECKPOINT_INTERVAL_MS}</td><td>10000</td><td>the least time between two checkpoints of a
 *       running runner; 0 turns checkpoints off</td></tr>
 *   <tr><td>{@value #RESTART_BACKOFF_INITIAL_MS}</td><td>1000</td><td>the wait before a failed runner's first
 *       restart</td></tr>
 *   <tr><td>{@value #RESTART_BACKOFF_MAX_MS}</td><td>60000</td><td>the longest wait between restarts (the wait
 *       doubles from the initial one)</td></tr>
 * </table>
 *
 * <p>Properties outside the {@code cep.} namespace are not this class's concern and are ignored; an unknown
 * {@code cep.} property (a typo) is refused, since nothing else would read it. Immutable.
 *
 * @param checkpointTopic {@value #CHECKPOINT_TOPIC}
 * @param checkpointInterval {@value #CHECKPOINT_INTERVAL_MS}
 * @param restartBackoff the rule host's restart backoff, with the two waits above (jitter and reset as
 *     {@link RestartBackoff#DEFAULT})
 */
public record CepProperties(String checkpointTopic, Duration checkpointInterval, RestartBackoff restartBackoff) {
    /** The checkpoint topic's property. */
    public static final String CHECKPOINT_TOPIC = "cep.checkpoint.topic";

    /** The checkpoint interval's property, in milliseconds. */
    public static final String CHECKPOINT_INTERVAL_MS = "cep.checkpoint.interval.ms";

    /** The first restart wait's property, in milliseconds. */
    public static final String RESTART_BACKOFF_INITIAL_MS = "cep.restart.backoff.initial.ms";

    /** The longest restart wait's property, in milliseconds. */
    public static final String RESTART_BACKOFF_MAX_MS = "cep.restart.backoff.max.ms";

    /** Every property this class reads. */
    public static final Set<String> NAMES =
            Set.of(CHECKPOINT_TOPIC, CHECKPOINT_INTERVAL_MS, RESTART_BACKOFF_INITIAL_MS, RESTART_BACKOFF_MAX_MS);

    /** The namespace of the CEP properties. */
    public static final String PREFIX = "cep.";

    /** The defaults: {@link RunnerSettings}' checkpoint topic and interval, {@link RestartBackoff#DEFAULT}. */
    public static final CepProperties DEFAULT = new CepProperties(
            RunnerSettings.DEFAULT_CHECKPOINT_TOPIC,
            RunnerSettings.DEFAULT_CHECKPOINT_INTERVAL,
            RestartBackoff.DEFAULT);

    /** Kafka's legal topic names: up to 249 of letters, digits, '.', '_' and '-'. */
    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    /**
     * Reads the {@code cep.*} properties of {@code properties}; the others are ignored, a missing one takes its
     * default.
     *
     * @throws IllegalArgumentException naming the property, the value and what is accepted, when a value is bad or a
     *     {@code cep.} property is unknown
     */
    public static CepProperties from(Map<String, String> properties) {
        for (String name : new TreeMap<>(properties).keySet()) {
            if (name.startsWith(PREFIX) && !NAMES.contains(name)) {
                throw new IllegalArgumentException(name + " is not a CEP property; the CEP properties are "
                        + new TreeSet<>(NAMES) + "; check the spelling");
            }
        }
        String topic = properties.getOrDefault(CHECKPOINT_TOPIC, DEFAULT.checkpointTopic());
        if (!TOPIC_NAME.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            throw new IllegalArgumentException(CHECKPOINT_TOPIC + " must be a topic name (1 to 249 letters, digits,"
                    + " '.', '_' or '-'), was '" + topic + "'");
        }
        long intervalMs = millis(
                properties, CHECKPOINT_INTERVAL_MS, DEFAULT.checkpointInterval(), 0, "0 turns" + " checkpoints off");
        long initialMs = millis(
                properties, RESTART_BACKOFF_INITIAL_MS, DEFAULT.restartBackoff().initialDelay(), 1, "");
        long maxMs = millis(
                properties, RESTART_BACKOFF_MAX_MS, DEFAULT.restartBackoff().maxDelay(), 1, "");
        if (maxMs < initialMs) {
            throw new IllegalArgumentException(RESTART_BACKOFF_MAX_MS + " must be >= " + RESTART_BACKOFF_INITIAL_MS
                    + " (" + initialMs + "), was '" + maxMs + "'");
        }
        RestartBackoff backoff = new RestartBackoff(
                Duration.ofMillis(initialMs),
                Duration.ofMillis(maxMs),
                DEFAULT.restartBackoff().jitter(),
                DEFAULT.restartBackoff().stableAfter());
        return new CepProperties(topic, Duration.ofMillis(intervalMs), backoff);
    }

    /** {@code settings} with this checkpoint topic and interval. */
    public RunnerSettings applyTo(RunnerSettings settings) {
        return settings.withCheckpoints(checkpointTopic, checkpointInterval);
    }

    private static long millis(
            Map<String, String> properties, String name, Duration fallback, long least, String note) {
        String value = properties.get(name);
        if (value == null) {
            return fallback.toMillis();
        }
        try {
            long ms = Long.parseLong(value.trim());
            if (ms >= least) {
                return ms;
            }
        } catch (NumberFormatException e) {
            // reported below, with what is accepted
        }
        throw new IllegalArgumentException(name + " must be a whole number of milliseconds >= " + least
                + (note.isEmpty() ? "" : " (" + note + ")") + ", was '" + value + "'");
    }
}
