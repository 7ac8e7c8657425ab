package io.herald.broker.topic;

import io.herald.broker.schema.SchemaValidationConfig;
import io.herald.broker.schema.SubjectNameStrategy;
import io.herald.log.InvalidConfigException;
import io.herald.log.LogConfig;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The topic-level config names Herald knows, with Kafka's defaults, and how Herald treats each one.
 *
 * <ul>
 *   <li><b>Applied</b> by the partition log or the produce path: {@code cleanup.policy}, {@code retention.ms}, {@code
 *       retention.bytes}, {@code segment.bytes}, {@code segment.ms}, {@code max.message.bytes}, {@code
 *       message.timestamp.type}, {@code message.timestamp.before.max.ms}, {@code message.timestamp.after.max.ms},
 *       {@code delete.retention.ms}, {@code min.cleanable.dirty.ratio}, {@code min.compaction.lag.ms}, {@code
 *       flush.messages}, {@code flush.ms},
 *       {@code index.interval.bytes}, {@code file.delete.delay.ms}, {@code preallocate} (Herald's default is
 *       {@code true}, Kafka's {@code false}: see {@code LogConfig}), and Herald's {@code flush.policy}; and Confluent
 *       Server's broker-side schema validation, {@code confluent.key.schema.validation}, {@code
 *       confluent.value.schema.validation} and their {@code ...subject.name.strategy} (see {@code SchemaIdValidator}).
 *       The defaults shown for these four are Confluent's.
 *   <li><b>Accepted at their only meaningful value</b>: {@code compression.type} (batches are stored as producers
 *       compressed them, so only {@code producer}) and {@code remote.storage.enable} (only {@code false}).
 *   <li><b>Accepted and kept, without effect</b> on a single node with no replicas: the replication
 *       settings, {@code segment.index.bytes}, {@code segment.jitter.ms}, the local-retention
 *       settings of tiered storage, and {@code max.compaction.lag.ms}, which the log's compactor does not honour
 *       yet: it compacts when {@code min.cleanable.dirty.ratio} is reached, never earlier because a record is old.
 * </ul>
 *
 * <p>Any other name is refused, as Kafka refuses it.
 */
public final class TopicConfigNames {
    private TopicConfigNames() {}

    private static final String STRATEGY_DEFAULT = "io.confluent.kafka.serializers.subject.TopicNameStrategy";

    private static final Map<String, String> KAFKA_DEFAULTS = new TreeMap<>(Map.ofEntries(
            Map.entry("cleanup.policy", "delete"),
            Map.entry("compression.type", "producer"),
            Map.entry(SchemaValidationConfig.KEY_VALIDATION, "false"),
            Map.entry(SchemaValidationConfig.KEY_STRATEGY, STRATEGY_DEFAULT),
            Map.entry(SchemaValidationConfig.VALUE_VALIDATION, "false"),
            Map.entry(SchemaValidationConfig.VALUE_STRATEGY, STRATEGY_DEFAULT),
            Map.entry("delete.retention.ms", "86400000"),
            Map.entry("file.delete.delay.ms", "60000"),
            Map.entry("flush.messages", Long.toString(Long.MAX_VALUE)),
            Map.entry("flush.ms", Long.toString(Long.MAX_VALUE)),
            Map.entry("flush.policy", "always"),
            Map.entry("follower.replication.throttled.replicas", ""),
            Map.entry("index.interval.bytes", "4096"),
            Map.entry("leader.replication.throttled.replicas", ""),
            Map.entry("local.retention.bytes", "-2"),
            Map.entry("local.retention.ms", "-2"),
            Map.entry("max.compaction.lag.ms", Long.toString(Long.MAX_VALUE)),
            Map.entry("max.message.bytes", "1048588"),
            Map.entry("message.timestamp.after.max.ms", "3600000"),
            Map.entry("message.timestamp.before.max.ms", Long.toString(Long.MAX_VALUE)),
            Map.entry("message.timestamp.type", "CreateTime"),
            Map.entry("min.cleanable.dirty.ratio", "0.5"),
            Map.entry("min.compaction.lag.ms", "0"),
            Map.entry("min.insync.replicas", "1"),
            Map.entry("preallocate", "true"),
            Map.entry("remote.storage.enable", "false"),
            Map.entry("retention.bytes", "-1"),
            Map.entry("retention.ms", "604800000"),
            Map.entry("segment.bytes", "1073741824"),
            Map.entry("segment.index.bytes", "10485760"),
            Map.entry("segment.jitter.ms", "0"),
            Map.entry("segment.ms", "604800000"),
            Map.entry("unclean.leader.election.enable", "false")));

    /** The type of each config, as Kafka declares it (what DescribeConfigs v3+ reports). */
    private static final Map<String, ConfigDef.Type> TYPES = Map.ofEntries(
            Map.entry("cleanup.policy", ConfigDef.Type.LIST),
            Map.entry("compression.type", ConfigDef.Type.STRING),
            Map.entry(SchemaValidationConfig.KEY_VALIDATION, ConfigDef.Type.BOOLEAN),
            Map.entry(SchemaValidationConfig.KEY_STRATEGY, ConfigDef.Type.STRING),
            Map.entry(SchemaValidationConfig.VALUE_VALIDATION, ConfigDef.Type.BOOLEAN),
            Map.entry(SchemaValidationConfig.VALUE_STRATEGY, ConfigDef.Type.STRING),
            Map.entry("delete.retention.ms", ConfigDef.Type.LONG),
            Map.entry("file.delete.delay.ms", ConfigDef.Type.LONG),
            Map.entry("flush.messages", ConfigDef.Type.LONG),
            Map.entry("flush.ms", ConfigDef.Type.LONG),
            Map.entry("flush.policy", ConfigDef.Type.STRING),
            Map.entry("follower.replication.throttled.replicas", ConfigDef.Type.LIST),
            Map.entry("index.interval.bytes", ConfigDef.Type.INT),
            Map.entry("leader.replication.throttled.replicas", ConfigDef.Type.LIST),
            Map.entry("local.retention.bytes", ConfigDef.Type.LONG),
            Map.entry("local.retention.ms", ConfigDef.Type.LONG),
            Map.entry("max.compaction.lag.ms", ConfigDef.Type.LONG),
            Map.entry("max.message.bytes", ConfigDef.Type.INT),
            Map.entry("message.timestamp.after.max.ms", ConfigDef.Type.LONG),
            Map.entry("message.timestamp.before.max.ms", ConfigDef.Type.LONG),
            Map.entry("message.timestamp.type", ConfigDef.Type.STRING),
            Map.entry("min.cleanable.dirty.ratio", ConfigDef.Type.DOUBLE),
            Map.entry("min.compaction.lag.ms", ConfigDef.Type.LONG),
            Map.entry("min.insync.replicas", ConfigDef.Type.INT),
            Map.entry("preallocate", ConfigDef.Type.BOOLEAN),
            Map.entry("remote.storage.enable", ConfigDef.Type.BOOLEAN),
            Map.entry("retention.bytes", ConfigDef.Type.LONG),
            Map.entry("retention.ms", ConfigDef.Type.LONG),
            Map.entry("segment.bytes", ConfigDef.Type.INT),
            Map.entry("segment.index.bytes", ConfigDef.Type.INT),
            Map.entry("segment.jitter.ms", ConfigDef.Type.LONG),
            Map.entry("segment.ms", ConfigDef.Type.LONG),
            Map.entry("unclean.leader.election.enable", ConfigDef.Type.BOOLEAN));

    /** Every known name, sorted. */
    public static Set<String> names() {
        return KAFKA_DEFAULTS.keySet();
    }

    public static boolean isKnown(String name) {
        return KAFKA_DEFAULTS.containsKey(name);
    }

    /** Kafka's default for {@code name}. */
    public static String kafkaDefault(String name) {
        return KAFKA_DEFAULTS.get(name);
    }

    /** Kafka's type of {@code name}, or null for an unknown name. */
    public static ConfigDef.Type type(String name) {
        return TYPES.get(name);
    }

    /** Throws {@link InvalidConfigException} naming the config, the value and the rule when {@code value} is bad. */
    static void validate(String name, String value) {
        if (!isKnown(name)) {
            throw new InvalidConfigException("unknown topic config " + name + "; known configs: " + names());
        }
        switch (name) {
            case "compression.type" -> {
                if (!value.equals("producer")) {
                    throw new InvalidConfigException("compression.type must be producer, was " + value
                            + "; Herald stores batches as the producer compressed them: set compression.type on"
                            + " the producer instead");
                }
            }
            case "remote.storage.enable" -> {
                if (!value.equals("false")) {
                    throw new InvalidConfigException(
                            "remote.storage.enable must be false, was " + value + "; Herald has no tiered storage");
                }
            }
            case SchemaValidationConfig.KEY_VALIDATION, SchemaValidationConfig.VALUE_VALIDATION -> {
                if (!value.equals("true") && !value.equals("false")) {
                    throw new InvalidConfigException(name + " must be true or false, was " + value);
                }
            }
            case SchemaValidationConfig.KEY_STRATEGY, SchemaValidationConfig.VALUE_STRATEGY ->
                SubjectNameStrategy.parse(name, value);
            case "message.timestamp.before.max.ms", "message.timestamp.after.max.ms", "max.compaction.lag.ms" ->
                nonNegativeLong(name, value);
            case "min.insync.replicas" -> {
                if (!value.equals("1")) {
                    throw new InvalidConfigException("min.insync.replicas must be 1, was " + value
                            + "; a Herald broker is a single node, so one replica is all there is");
                }
            }
            default -> LogConfig.fromProperties(Map.of(name, value)); // the log checks its own names
        }
    }

    private static void nonNegativeLong(String name, String value) {
        long v;
        try {
            v = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidConfigException(name + " must be a whole number, was " + value);
        }
        if (v < 0) throw new InvalidConfigException(name + " must be >= 0, was " + value);
    }
}
