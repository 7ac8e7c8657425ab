package io.herald.broker;

import io.herald.broker.group.GroupConfig;
import io.herald.broker.group.consumer.ConsumerGroupConfig;
import io.herald.broker.topic.TopicConfigNames;
import io.herald.log.InvalidConfigException;
import io.herald.log.LogConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.common.config.ConfigDef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settings of one broker, under Kafka's broker-level property names. Build one with {@link #fromProperties}, which
 * overlays Kafka-style properties on the defaults and rejects bad values with a message naming the property, the value
 * and the rule.
 *
 * <p>Broker-level log settings ({@code log.retention.ms}, {@code log.segment.bytes}, {@code message.max.bytes}, ...)
 * become the defaults of every topic, under their topic-level names, exactly as in Kafka; a topic's own configs
 * override them. {@code log.flush.policy} (Herald's, default {@code always}) chooses when appends reach the disk.
 *
 * @param dataDir {@code log.dirs}: where partitions and broker metadata live (one directory)
 * @param host the host of the {@code listeners} entry, 127.0.0.1 unless told otherwise
 * @param port the port of the {@code listeners} entry; 0 picks a free one
 * @param nodeId {@code node.id}
 * @param numPartitions {@code num.partitions}: partitions of a topic created without a count
 * @param autoCreateTopics {@code auto.create.topics.enable}
 * @param socketRequestMaxBytes {@code socket.request.max.bytes}: the largest request frame accepted
 * @param connectionsMaxIdleMs {@code connections.max.idle.ms}: a connection with no traffic this long is closed
 * @param logRetentionCheckIntervalMs {@code log.retention.check.interval.ms}: how often retention and compaction run
 * @param producerIdExpirationMs {@code producer.id.expiration.ms}: idle producers' state is dropped after this
 * @param topicDefaults the topic-level configs every topic starts from, under topic-level names
 * @param groups the group coordinator's settings ({@code group.*}, {@code offsets.*})
 */
public record BrokerConfig(
        Path dataDir,
        String host,
        int port,
        int nodeId,
        int numPartitions,
        boolean autoCreateTopics,
        int socketRequestMaxBytes,
        long connectionsMaxIdleMs,
        long logRetentionCheckIntervalMs,
        long producerIdExpirationMs,
        Map<String, String> topicDefaults,
        GroupConfig groups) {

    /** Broker-level names of log settings and the topic-level names they default, as in Kafka's {@code LogConfig}. */
    static final Map<String, String> BROKER_TO_TOPIC = Map.ofEntries(
            Map.entry("log.segment.bytes", "segment.bytes"),
            Map.entry("log.roll.ms", "segment.ms"),
            Map.entry("log.retention.ms", "retention.ms"),
            Map.entry("log.retention.bytes", "retention.bytes"),
            Map.entry("log.cleanup.policy", "cleanup.policy"),
            Map.entry("log.cleaner.delete.retention.ms", "delete.retention.ms"),
            Map.entry("log.cleaner.min.compaction.lag.ms", "min.compaction.lag.ms"),
            Map.entry("log.cleaner.min.cleanable.ratio", "min.cleanable.dirty.ratio"),
            Map.entry("log.flush.interval.messages", "flush.messages"),
            Map.entry("log.flush.interval.ms", "flush.ms"),
            Map.entry("log.flush.policy", "flush.policy"),
            Map.entry("log.index.interval.bytes", "index.interval.bytes"),
            Map.entry("log.segment.delete.delay.ms", "file.delete.delay.ms"),
            Map.entry("log.preallocate", "preallocate"),
            Map.entry("log.message.timestamp.type", "message.timestamp.type"),
            Map.entry("log.message.timestamp.before.max.ms", "message.timestamp.before.max.ms"),
            Map.entry("log.message.timestamp.after.max.ms", "message.timestamp.after.max.ms"),
            Map.entry("message.max.bytes", "max.message.bytes"),
            Map.entry("compression.type", "compression.type"));

    /** Kafka's types of the broker properties that are not topic defaults (the others take their topic config's). */
    private static final Map<String, ConfigDef.Type> OWN_TYPES = Map.ofEntries(
            Map.entry("node.id", ConfigDef.Type.INT),
            Map.entry("listeners", ConfigDef.Type.STRING),
            Map.entry("log.dirs", ConfigDef.Type.STRING),
            Map.entry("num.partitions", ConfigDef.Type.INT),
            Map.entry("default.replication.factor", ConfigDef.Type.INT),
            Map.entry("auto.create.topics.enable", ConfigDef.Type.BOOLEAN),
            Map.entry("socket.request.max.bytes", ConfigDef.Type.INT),
            Map.entry("log.retention.check.interval.ms", ConfigDef.Type.LONG),
            Map.entry("producer.id.expiration.ms", ConfigDef.Type.INT),
            Map.entry("connections.max.idle.ms", ConfigDef.Type.LONG),
            Map.entry("group.initial.rebalance.delay.ms", ConfigDef.Type.INT),
            Map.entry("group.min.session.timeout.ms", ConfigDef.Type.INT),
            Map.entry("group.max.session.timeout.ms", ConfigDef.Type.INT),
            Map.entry("group.max.size", ConfigDef.Type.INT),
            Map.entry("offsets.topic.num.partitions", ConfigDef.Type.INT),
            Map.entry("offsets.topic.segment.bytes", ConfigDef.Type.INT),
            Map.entry("offsets.retention.minutes", ConfigDef.Type.INT),
            Map.entry("offsets.retention.check.interval.ms", ConfigDef.Type.LONG),
            Map.entry("offset.metadata.max.bytes", ConfigDef.Type.INT),
            Map.entry("group.consumer.session.timeout.ms", ConfigDef.Type.INT),
            Map.entry("group.consumer.heartbeat.interval.ms", ConfigDef.Type.INT),
            Map.entry("group.consumer.max.size", ConfigDef.Type.INT),
            Map.entry("group.consumer.assignors", ConfigDef.Type.LIST));

    private static final Logger LOG = LoggerFactory.getLogger(BrokerConfig.class);

    public BrokerConfig {
        topicDefaults = Map.copyOf(topicDefaults);
    }

    /**
     * Every broker property Herald knows, under Kafka's name, with the value in force, sorted by name: what
     * DescribeConfigs answers for this broker. The {@code log.*} defaults of topics show Kafka's default when not set.
     */
    public SortedMap<String, String> kafkaProperties() {
        SortedMap<String, String> p = new TreeMap<>();
        p.put("node.id", Integer.toString(nodeId));
        p.put("listeners", "PLAINTEXT://" + host + ":" + port);
        p.put("log.dirs", dataDir.toString());
        p.put("num.partitions", Integer.toString(numPartitions));
        p.put("default.replication.factor", "1");
        p.put("auto.create.topics.enable", Boolean.toString(autoCreateTopics));
        p.put("socket.request.max.bytes", Integer.toString(socketRequestMaxBytes));
        p.put("log.retention.check.interval.ms", Long.toString(logRetentionCheckIntervalMs));
        p.put("producer.id.expiration.ms", Long.toString(producerIdExpirationMs));
        p.put("connections.max.idle.ms", Long.toString(connectionsMaxIdleMs));
        p.putAll(groups.kafkaProperties());
        BROKER_TO_TOPIC.forEach((broker, topic) ->
                p.put(broker, topicDefaults.getOrDefault(topic, TopicConfigNames.kafkaDefault(topic))));
        return p;
    }

    /** Kafka's type of broker property {@code name}, or null when Herald does not know it. */
    public static ConfigDef.Type typeOf(String name) {
        String topic = BROKER_TO_TOPIC.get(name);
        return topic != null ? TopicConfigNames.type(topic) : OWN_TYPES.get(name);
    }

    /** True when {@code name} is a broker property Herald reads. */
    public static boolean isKnown(String name) {
        return OWN_TYPES.containsKey(name)
                || BROKER_TO_TOPIC.containsKey(name)
                || name.equals("log.dir")
                || name.equals("log.retention.hours");
    }

    /** The broker property whose value is the default of topic config {@code topicConfig}, or null when none is. */
    public static String brokerPropertyOf(String topicConfig) {
        for (Map.Entry<String, String> e : BROKER_TO_TOPIC.entrySet()) {
            if (e.getValue().equals(topicConfig)) return e.getKey();
        }
        return null;
    }

    /** The defaults: data in {@code ./data}, Kafka protocol on 127.0.0.1:9092. */
    public static BrokerConfig defaults() {
        return fromProperties(Map.of());
    }

    /** The defaults with Kafka-style broker {@code properties} laid over them. */
    public static BrokerConfig fromProperties(Map<String, String> properties) {
        for (String name : properties.keySet()) {
            if (!isKnown(name)) {
                // as Kafka does: a typo such as log.retention.msx must not pass unnoticed
                LOG.warn("the broker property {} is not a property Herald knows; it is ignored", name);
            }
        }
        Map<String, String> p = new LinkedHashMap<>(properties);
        if (p.containsKey("log.retention.hours") && !p.containsKey("log.retention.ms")) {
            p.put("log.retention.ms", Long.toString(hoursToMs(p.get("log.retention.hours"))));
        }
        Map<String, String> topicDefaults = new LinkedHashMap<>();
        BROKER_TO_TOPIC.forEach((broker, topic) -> {
            String value = p.get(broker);
            if (value != null) topicDefaults.put(topic, value.trim());
        });
        // Fails now, naming the broker-level property's topic-level name, rather than at the first topic creation.
        LogConfig.fromProperties(topicDefaults);
        Listener listener = Listener.parse(p.getOrDefault("listeners", "PLAINTEXT://127.0.0.1:9092"));
        return new BrokerConfig(
                Path.of(firstLogDir(p.getOrDefault("log.dirs", p.getOrDefault("log.dir", "data")))),
                listener.host(),
                listener.port(),
                intValue(p, "node.id", 1, 0),
                intValue(p, "num.partitions", 1, 1),
                booleanValue(p, "auto.create.topics.enable", true),
                intValue(p, "socket.request.max.bytes", 100 * 1024 * 1024, 1024),
                longValue(p, "connections.max.idle.ms", 600_000, 1),
                longValue(p, "log.retention.check.interval.ms", 300_000, 1),
                longValue(p, "producer.id.expiration.ms", 86_400_000, 1),
                topicDefaults,
                groupConfig(p));
    }

    private static GroupConfig groupConfig(Map<String, String> p) {
        GroupConfig d = GroupConfig.defaults();
        int minSession = intValue(p, "group.min.session.timeout.ms", d.minSessionTimeoutMs(), 1);
        int maxSession = intValue(p, "group.max.session.timeout.ms", d.maxSessionTimeoutMs(), minSession);
        return new GroupConfig(
                intValue(p, "group.initial.rebalance.delay.ms", d.initialRebalanceDelayMs(), 0),
                minSession,
                maxSession,
                intValue(p, "group.max.size", d.maxSize(), 1),
                intValue(p, "offsets.topic.num.partitions", d.offsetsTopicPartitions(), 1),
                intValue(p, "offsets.topic.segment.bytes", d.offsetsTopicSegmentBytes(), LogConfig.MIN_SEGMENT_BYTES),
                intValue(p, "offsets.retention.minutes", (int) (d.offsetsRetentionMs() / 60_000), 1) * 60_000L,
                longValue(p, "offsets.retention.check.interval.ms", d.offsetsRetentionCheckIntervalMs(), 1),
                intValue(p, "offset.metadata.max.bytes", d.offsetMetadataMaxBytes(), 0),
                consumerGroupConfig(p, d.consumer()));
    }

    private static ConsumerGroupConfig consumerGroupConfig(Map<String, String> p, ConsumerGroupConfig d) {
        String assignors = p.get("group.consumer.assignors");
        try {
            return new ConsumerGroupConfig(
                    intValue(p, "group.consumer.session.timeout.ms", d.sessionTimeoutMs(), 1),
                    intValue(p, "group.consumer.heartbeat.interval.ms", d.heartbeatIntervalMs(), 1),
                    intValue(p, "group.consumer.max.size", d.maxSize(), 1),
                    assignors == null ? d.assignors() : List.of(assignors.split(",")));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(e.getMessage());
        }
    }

    /** This configuration listening on {@code port} instead (0 picks a free port). */
    public BrokerConfig withPort(int newPort) {
        return new BrokerConfig(
                dataDir,
                host,
                newPort,
                nodeId,
                numPartitions,
                autoCreateTopics,
                socketRequestMaxBytes,
                connectionsMaxIdleMs,
                logRetentionCheckIntervalMs,
                producerIdExpirationMs,
                topicDefaults,
                groups);
    }

    /** This configuration keeping its data in {@code dir} instead. */
    public BrokerConfig withDataDir(Path dir) {
        return new BrokerConfig(
                dir,
                host,
                port,
                nodeId,
                numPartitions,
                autoCreateTopics,
                socketRequestMaxBytes,
                connectionsMaxIdleMs,
                logRetentionCheckIntervalMs,
                producerIdExpirationMs,
                topicDefaults,
                groups);
    }

    /** One {@code listeners} entry, {@code PLAINTEXT://host:port}; Herald serves a single plaintext listener. */
    record Listener(String host, int port) {
        static Listener parse(String listeners) {
            String value = listeners.trim();
            if (value.contains(",")) {
                throw new InvalidConfigException(
                        "listeners must name one listener, was " + value + "; Herald serves a single listener");
            }
            String rest = value;
            int scheme = value.indexOf("://");
            if (scheme >= 0) {
                String name = value.substring(0, scheme);
                if (!name.equals("PLAINTEXT")) {
                    throw new InvalidConfigException("listeners must use PLAINTEXT://host:port, was " + value
                            + "; TLS and SASL listeners are not supported yet");
                }
                rest = value.substring(scheme + 3);
            }
            int colon = rest.lastIndexOf(':');
            if (colon < 0) throw new InvalidConfigException("listeners must be PLAINTEXT://host:port, was " + value);
            String host = rest.substring(0, colon);
            int port;
            try {
                port = Integer.parseInt(rest.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new InvalidConfigException("listeners port must be a number, was " + value);
            }
            if (port < 0 || port > 65535) {
                throw new InvalidConfigException("listeners port must be in 0..65535, was " + port);
            }
            return new Listener(host.isEmpty() ? "127.0.0.1" : host, port);
        }
    }

    private static String firstLogDir(String logDirs) {
        String dir = logDirs.trim();
        if (dir.contains(",")) {
            throw new InvalidConfigException(
                    "log.dirs must name one directory, was " + logDirs + "; Herald keeps all partitions in one");
        }
        return dir;
    }

    private static long hoursToMs(String hours) {
        try {
            return Long.parseLong(hours.trim()) * 3_600_000L;
        } catch (NumberFormatException e) {
            throw new InvalidConfigException("log.retention.hours must be a whole number of hours, was " + hours);
        }
    }

    private static int intValue(Map<String, String> p, String name, int fallback, int min) {
        long value = longValue(p, name, fallback, min);
        if (value > Integer.MAX_VALUE) {
            throw new InvalidConfigException(name + " must be <= " + Integer.MAX_VALUE + ", was " + value);
        }
        return (int) value;
    }

    private static long longValue(Map<String, String> p, String name, long fallback, long min) {
        String raw = p.get(name);
        if (raw == null) return fallback;
        long value;
        try {
            value = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new InvalidConfigException(name + " must be a whole number, was " + raw);
        }
        if (value < min) throw new InvalidConfigException(name + " must be >= " + min + ", was " + value);
        return value;
    }

    private static boolean booleanValue(Map<String, String> p, String name, boolean fallback) {
        String raw = p.get(name);
        if (raw == null) return fallback;
        return switch (raw.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidConfigException(name + " must be true or false, was " + raw);
        };
    }
}
