package io.herald.broker.schema;

import io.herald.broker.topic.TopicConfig;

/**
 * A topic's broker-side schema id validation, from Confluent Server's topic configs {@code
 * confluent.key.schema.validation}, {@code confluent.value.schema.validation} and their {@code
 * ...subject.name.strategy}.
 */
public record SchemaValidationConfig(
        boolean keys, SubjectNameStrategy keyStrategy, boolean values, SubjectNameStrategy valueStrategy) {

    public static final String KEY_VALIDATION = "confluent.key.schema.validation";
    public static final String VALUE_VALIDATION = "confluent.value.schema.validation";
    public static final String KEY_STRATEGY = "confluent.key.subject.name.strategy";
    public static final String VALUE_STRATEGY = "confluent.value.subject.name.strategy";

    public static final SchemaValidationConfig OFF =
            new SchemaValidationConfig(false, SubjectNameStrategy.TOPIC_NAME, false, SubjectNameStrategy.TOPIC_NAME);

    public static SchemaValidationConfig of(TopicConfig config) {
        boolean keys = Boolean.parseBoolean(config.value(KEY_VALIDATION));
        boolean values = Boolean.parseBoolean(config.value(VALUE_VALIDATION));
        if (!keys && !values) return OFF;
        return new SchemaValidationConfig(
                keys,
                SubjectNameStrategy.parse(KEY_STRATEGY, config.value(KEY_STRATEGY)),
                values,
                SubjectNameStrategy.parse(VALUE_STRATEGY, config.value(VALUE_STRATEGY)));
    }

    public boolean enabled() {
        return keys || values;
    }
}
