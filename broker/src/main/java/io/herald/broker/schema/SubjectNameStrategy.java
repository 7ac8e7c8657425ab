package io.herald.broker.schema;

import io.herald.log.InvalidConfigException;

/**
 * How a record's subject is derived, as Confluent's serializers derive it: {@code <topic>-key} / {@code
 * <topic>-value}, the record's full name, or {@code <topic>-<full name>}. Configured per topic with {@code
 * confluent.key.subject.name.strategy} and {@code confluent.value.subject.name.strategy}, by Confluent's class name or
 * its simple name.
 */
public enum SubjectNameStrategy {
    TOPIC_NAME("TopicNameStrategy"),
    RECORD_NAME("RecordNameStrategy"),
    TOPIC_RECORD_NAME("TopicRecordNameStrategy");

    private static final String CONFLUENT_PACKAGE = "io.confluent.kafka.serializers.subject.";

    private final String simpleName;

    SubjectNameStrategy(String simpleName) {
        this.simpleName = simpleName;
    }

    /** Parses {@code TopicNameStrategy} or {@code io.confluent.kafka.serializers.subject.TopicNameStrategy}, etc. */
    public static SubjectNameStrategy parse(String configName, String value) {
        String simple = value.startsWith(CONFLUENT_PACKAGE) ? value.substring(CONFLUENT_PACKAGE.length()) : value;
        for (SubjectNameStrategy s : values()) {
            if (s.simpleName.equals(simple)) return s;
        }
        throw new InvalidConfigException(configName + " must be one of TopicNameStrategy, RecordNameStrategy,"
                + " TopicRecordNameStrategy (optionally prefixed with " + CONFLUENT_PACKAGE + "), was " + value);
    }

    /** Whether the subject depends on the record's schema, not only on the topic. */
    public boolean needsRecordName() {
        return this != TOPIC_NAME;
    }

    /** The subject; {@code recordName} is used only by the strategies that {@link #needsRecordName need it}. */
    public String subject(String topic, boolean isKey, String recordName) {
        return switch (this) {
            case TOPIC_NAME -> topic + (isKey ? "-key" : "-value");
            case RECORD_NAME -> recordName;
            case TOPIC_RECORD_NAME -> topic + "-" + recordName;
        };
    }

    @Override
    public String toString() {
        return simpleName;
    }
}
