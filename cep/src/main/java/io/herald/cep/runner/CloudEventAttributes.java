package io.herald.cep.runner;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Exposes a record's CloudEvents attributes (Kafka binary mode: one {@code ce_<attribute>} header each) to rules as
 * fields named like the headers: {@code ce_type}, {@code ce_source}, {@code ce_id}, {@code ce_time},
 * {@code ce_subject}, and any extension ({@code ce_partitionkey}, {@code ce_correlationid}...). The values are the
 * headers' UTF-8 text. An attribute replaces a payload field of the same name: the envelope is what the CloudEvents
 * binding defines. Thread-safe (stateless).
 */
final class CloudEventAttributes {
    static final String PREFIX = "ce_";

    private CloudEventAttributes() {}

    /** Adds the {@code ce_*} headers of a record to its fields (a mutable map). */
    static void addTo(Map<String, Object> fields, Headers headers) {
        if (headers == null) {
            return;
        }
        for (Header header : headers) {
            if (header.key().startsWith(PREFIX) && header.value() != null) {
                fields.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
    }
}
