package io.herald.cep.runner;

import io.herald.cep.engine.Output;
import io.herald.cep.plan.Rule;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Turns engine outputs into Kafka records in the CloudEvents Kafka protocol binding, binary mode: the attributes in
 * {@code ce_} headers, the row as the JSON value, {@code content-type: application/json}. The record key is the rule
 * key, so one key's outputs stay in order in one partition.
 *
 * <p>Attributes: {@code id} is the engine's deterministic output id; {@code source} is {@code herald-cep/<rule>};
 * {@code type} is the rule name for a result row, {@code <rule>.retraction}, {@code <rule>.late},
 * {@code <rule>.overflow} or {@code <rule>.unreadable} for the others; {@code time} is the event time the row stands
 * for; {@code subject} is the window or match (the upsert key in EMIT CHANGES); {@code partitionkey} is the rule key.
 * Thread-safe.
 */
final class CloudEventRecords {
    static final String SPEC_VERSION = "1.0";

    private final Rule rule;
    private final JsonEvents json;

    CloudEventRecords(Rule rule, JsonEvents json) {
        this.rule = rule;
        this.json = json;
    }

    /** The CloudEvents type of an output of this rule. */
    String type(Output output) {
        return switch (output.kind()) {
            case ROW -> rule.name();
            case RETRACTION -> rule.name() + ".retraction";
            case LATE -> rule.name() + ".late";
            case OVERFLOW -> rule.name() + ".overflow";
        };
    }

    ProducerRecord<String, byte[]> record(Output output) {
        return record(output, type(output));
    }

    /** A record that could not be read as an event, sent aside to {@code <rule>.late} with its own type. */
    ProducerRecord<String, byte[]> unreadable(Output output) {
        return record(output, rule.name() + ".unreadable");
    }

    private ProducerRecord<String, byte[]> record(Output output, String type) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, "ce_specversion", SPEC_VERSION);
        header(headers, "ce_id", output.id());
        header(headers, "ce_source", "herald-cep/" + rule.name());
        header(headers, "ce_type", type);
        header(headers, "ce_time", Instant.ofEpochMilli(output.eventTimeMs()).toString());
        header(headers, "ce_subject", output.subject());
        if (output.key() != null) {
            header(headers, "ce_partitionkey", output.key());
        }
        header(headers, "content-type", "application/json");
        return new ProducerRecord<>(output.topic(), null, output.key(), json.write(output.fields()), headers);
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
