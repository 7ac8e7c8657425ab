package io.herald.broker.handler;

import io.herald.broker.BrokerConfig;
import io.herald.broker.topic.TopicConfig;
import io.herald.broker.topic.TopicConfigNames;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsSynonym;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType;

/**
 * The config entries of a topic or of this broker as DescribeConfigs (and CreateTopics v5+) report them: value, source,
 * synonyms in Kafka's order (most specific first), type. Herald has no secrets, so nothing is sensitive, and no
 * documentation text, so it is null.
 *
 * <p>A topic config comes from the topic ({@code DYNAMIC_TOPIC_CONFIG}), else from the broker's {@code log.*} property
 * ({@code STATIC_BROKER_CONFIG}), else Kafka's default ({@code DEFAULT_CONFIG}); every one can be altered. A broker
 * property is {@code STATIC_BROKER_CONFIG} when its value differs from Herald's default, and read-only: Herald has no
 * dynamic broker configs.
 */
final class ConfigEntries {
    private ConfigEntries() {}

    /** The entries of {@code config}: every known name, or those of {@code keys} (null = all) that are known. */
    static List<DescribeConfigsResourceResult> ofTopic(
            TopicConfig config, Collection<String> keys, boolean includeSynonyms) {
        List<DescribeConfigsResourceResult> out = new ArrayList<>();
        for (Map.Entry<String, String> e : config.all().entrySet()) {
            String name = e.getKey();
            if (keys != null && !keys.contains(name)) continue;
            List<DescribeConfigsSynonym> synonyms = topicSynonyms(config, name);
            out.add(entry(name, e.getValue(), sourceOf(config.source(name)), false, TopicConfigNames.type(name))
                    .setSynonyms(includeSynonyms ? synonyms : new ArrayList<>()));
        }
        return out;
    }

    /** The entries of this broker's properties, all or those named in {@code keys} (null = all). */
    static List<DescribeConfigsResourceResult> ofBroker(
            BrokerConfig config, Collection<String> keys, boolean includeSynonyms) {
        Map<String, String> defaults = BrokerConfig.defaults().kafkaProperties();
        List<DescribeConfigsResourceResult> out = new ArrayList<>();
        for (Map.Entry<String, String> e : config.kafkaProperties().entrySet()) {
            String name = e.getKey();
            if (keys != null && !keys.contains(name)) continue;
            String defaultValue = defaults.get(name);
            boolean set = !e.getValue().equals(defaultValue);
            List<DescribeConfigsSynonym> synonyms = new ArrayList<>();
            if (set) synonyms.add(synonym(name, e.getValue(), ConfigSource.STATIC_BROKER_CONFIG));
            synonyms.add(synonym(name, defaultValue, ConfigSource.DEFAULT_CONFIG));
            ConfigSource source = set ? ConfigSource.STATIC_BROKER_CONFIG : ConfigSource.DEFAULT_CONFIG;
            out.add(entry(name, e.getValue(), source, true, BrokerConfig.typeOf(name))
                    .setSynonyms(includeSynonyms ? synonyms : new ArrayList<>()));
        }
        return out;
    }

    private static List<DescribeConfigsSynonym> topicSynonyms(TopicConfig config, String name) {
        List<DescribeConfigsSynonym> synonyms = new ArrayList<>();
        String override = config.overrides().get(name);
        if (override != null) synonyms.add(synonym(name, override, ConfigSource.TOPIC_CONFIG));
        String brokerName = BrokerConfig.brokerPropertyOf(name);
        String brokerValue = config.brokerDefaults().get(name);
        if (brokerName != null && brokerValue != null) {
            synonyms.add(synonym(brokerName, brokerValue, ConfigSource.STATIC_BROKER_CONFIG));
        }
        String defaultName = brokerName != null ? brokerName : name;
        synonyms.add(synonym(defaultName, TopicConfigNames.kafkaDefault(name), ConfigSource.DEFAULT_CONFIG));
        return synonyms;
    }

    private static ConfigSource sourceOf(TopicConfig.Source source) {
        return switch (source) {
            case TOPIC -> ConfigSource.TOPIC_CONFIG;
            case BROKER -> ConfigSource.STATIC_BROKER_CONFIG;
            case DEFAULT -> ConfigSource.DEFAULT_CONFIG;
        };
    }

    private static DescribeConfigsResourceResult entry(
            String name, String value, ConfigSource source, boolean readOnly, ConfigDef.Type type) {
        return new DescribeConfigsResourceResult()
                .setName(name)
                .setValue(value)
                .setReadOnly(readOnly)
                .setConfigSource(source.id())
                .setIsSensitive(false)
                .setConfigType(typeOf(type).id())
                .setDocumentation(null);
    }

    private static DescribeConfigsSynonym synonym(String name, String value, ConfigSource source) {
        return new DescribeConfigsSynonym().setName(name).setValue(value).setSource(source.id());
    }

    private static ConfigType typeOf(ConfigDef.Type type) {
        if (type == null) return ConfigType.UNKNOWN;
        return switch (type) {
            case BOOLEAN -> ConfigType.BOOLEAN;
            case STRING -> ConfigType.STRING;
            case INT -> ConfigType.INT;
            case SHORT -> ConfigType.SHORT;
            case LONG -> ConfigType.LONG;
            case DOUBLE -> ConfigType.DOUBLE;
            case LIST -> ConfigType.LIST;
            case CLASS -> ConfigType.CLASS;
            case PASSWORD -> ConfigType.PASSWORD;
        };
    }
}
