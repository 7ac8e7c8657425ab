package io.herald.client;

/**
 * How the subject a schema is registered under is derived, as Confluent's serializers derive it
 * ({@code value.subject.name.strategy}). The record name is the JSON Schema's {@code title} or the Avro record's full
 * name; the SDK's generated schemas use the event type.
 */
public enum SubjectNameStrategy {
    /** {@code <topic>-value}: one schema lineage per topic, so every event type of the topic must be one schema. */
    TOPIC_NAME("TopicNameStrategy"),
    /** {@code <record name>}: one lineage per event type, shared by every topic that carries it. */
    RECORD_NAME("RecordNameStrategy"),
    /** {@code <topic>-<record name>}: one lineage per event type and topic; the SDK's default. */
    TOPIC_RECORD_NAME("TopicRecordNameStrategy");

    private static final String CONFLUENT_PACKAGE = "io.confluent.kafka.serializers.subject.";

    private final String confluentName;

    SubjectNameStrategy(String confluentName) {
        this.confluentName = confluentName;
    }

    /**
     * The strategy named by Confluent's class name, simple ({@code TopicRecordNameStrategy}) or full
     * ({@code io.confluent.kafka.serializers.subject.TopicRecordNameStrategy}).
     *
     * @throws IllegalArgumentException naming the value and the accepted names
     */
    public static SubjectNameStrategy parse(String name) {
        String simple = name.startsWith(CONFLUENT_PACKAGE) ? name.substring(CONFLUENT_PACKAGE.length()) : name;
        for (SubjectNameStrategy strategy : values()) {
            if (strategy.confluentName.equals(simple)) {
                return strategy;
            }
        }
        throw new IllegalArgumentException(
                "value.subject.name.strategy must be TopicNameStrategy, RecordNameStrategy or"
                        + " TopicRecordNameStrategy (optionally prefixed with " + CONFLUENT_PACKAGE + "), was " + name);
    }

    /** Confluent's simple class name of this strategy. */
    public String confluentName() {
        return confluentName;
    }

    /** Whether the subject depends on the record name. */
    public boolean needsRecordName() {
        return this != TOPIC_NAME;
    }

    /**
     * The value subject of a record named {@code recordName} on {@code topic}.
     *
     * @throws IllegalArgumentException if this strategy needs the topic and it is null
     */
    public String subject(String topic, String recordName) {
        if (this != RECORD_NAME && topic == null) {
            throw new IllegalArgumentException(
                    confluentName + " derives the subject from the topic, and none was given;"
                            + " encode with EventCodec.encode(topic, event)");
        }
        return switch (this) {
            case TOPIC_NAME -> topic + "-value";
            case RECORD_NAME -> recordName;
            case TOPIC_RECORD_NAME -> topic + "-" + recordName;
        };
    }
}
