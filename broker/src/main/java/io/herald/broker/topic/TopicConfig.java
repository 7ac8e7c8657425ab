package io.herald.broker.topic;

import io.herald.log.InvalidConfigException;
import io.herald.log.LogConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The configuration of one topic: the values set on the topic ({@code overrides}) over the broker's defaults ({@code
 * log.*} properties, see {@code BrokerConfig}) over Kafka's defaults, under Kafka's topic-level names. Built only
 * through {@link #of}, which rejects unknown names and bad values, so an accepted config always applies.
 *
 * <p>What Herald does with each name is in {@link TopicConfigNames}.
 *
 * @param overrides the values set on the topic itself (what CreateTopics and AlterConfigs set, and what is persisted)
 * @param brokerDefaults the broker-level defaults, under topic-level names
 */
public record TopicConfig(Map<String, String> overrides, Map<String, String> brokerDefaults, LogConfig logConfig) {

    public TopicConfig {
        overrides = Map.copyOf(overrides);
        brokerDefaults = Map.copyOf(brokerDefaults);
    }

    /** Validates {@code overrides} and builds the topic's config; throws {@link InvalidConfigException}. */
    public static TopicConfig of(Map<String, String> overrides, Map<String, String> brokerDefaults) {
        Map<String, String> effective = new LinkedHashMap<>(brokerDefaults);
        // kept trimmed, as validated: value() and the getters below parse them, and they are what is persisted
        Map<String, String> trimmed = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            String name = e.getKey();
            if (e.getValue() == null) {
                throw new InvalidConfigException("config " + name + " has no value; give it one or delete it");
            }
            String value = e.getValue().trim();
            TopicConfigNames.validate(name, value);
            trimmed.put(name, value);
            effective.put(name, value);
        }
        for (Map.Entry<String, String> e : brokerDefaults.entrySet()) {
            TopicConfigNames.validate(e.getKey(), e.getValue());
        }
        return new TopicConfig(trimmed, brokerDefaults, LogConfig.fromProperties(effective));
    }

    /** This config with {@code newOverrides} instead of the current ones (AlterConfigs replaces them all). */
    public TopicConfig withOverrides(Map<String, String> newOverrides) {
        return of(newOverrides, brokerDefaults);
    }

    /** The value in force for {@code name}: the topic's, else the broker's, else Kafka's default. */
    public String value(String name) {
        String v = overrides.get(name);
        if (v == null) v = brokerDefaults.get(name);
        if (v == null) v = TopicConfigNames.kafkaDefault(name);
        return v;
    }

    /** Where {@link #value} comes from. */
    public Source source(String name) {
        if (overrides.containsKey(name)) return Source.TOPIC;
        if (brokerDefaults.containsKey(name)) return Source.BROKER;
        return Source.DEFAULT;
    }

    /** Every known config with its value in force, sorted by name, for DescribeConfigs. */
    public Map<String, String> all() {
        Map<String, String> all = new TreeMap<>();
        for (String name : TopicConfigNames.names()) all.put(name, value(name));
        return all;
    }

    public boolean compacted() {
        return logConfig.cleanupCompact();
    }

    /** {@code message.timestamp.before.max.ms}: how far in the past a CreateTime timestamp may be. */
    public long timestampBeforeMaxMs() {
        return Long.parseLong(value("message.timestamp.before.max.ms"));
    }

    /** {@code message.timestamp.after.max.ms}: how far in the future a CreateTime timestamp may be. */
    public long timestampAfterMaxMs() {
        return Long.parseLong(value("message.timestamp.after.max.ms"));
    }

    /** Where a config value comes from, as DescribeConfigs reports it. */
    public enum Source {
        TOPIC,
        BROKER,
        DEFAULT
    }
}
