package io.herald.cep.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;

/**
 * Reads record values as JSON objects into the engine's field maps, and writes output rows as JSON. Integers become
 * Long (the engine's integral type), decimals Double; nested objects and arrays are kept as maps and lists (rules
 * cannot address them yet). A value in Confluent's wire format (magic byte 0, a 4-byte schema id, then the JSON, as
 * the registry's JSON Schema serializers write it) is read past its 5-byte prefix: plain JSON never starts with a
 * zero byte. Thread-safe.
 */
final class JsonEvents {
    /** Confluent's wire format: magic byte 0 and a big-endian 4-byte schema id before the payload. */
    static final int CONFLUENT_PREFIX_BYTES = 5;

    private final ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);

    /** What reading one record value gave: its fields, or why it has none. */
    sealed interface Parsed {
        /** A JSON object. */
        record Fields(Map<String, Object> fields) implements Parsed {}

        /** Not a JSON object; {@code reason} says what it was instead. */
        record Unreadable(String reason) implements Parsed {}
    }

    Parsed read(byte[] value) {
        if (value == null) {
            return new Parsed.Unreadable("the record has no value (a tombstone)");
        }
        JsonNode node;
        try {
            int start = hasConfluentPrefix(value) ? CONFLUENT_PREFIX_BYTES : 0;
            node = mapper.readTree(value, start, value.length - start);
        } catch (JsonProcessingException e) {
            return new Parsed.Unreadable("the value is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return new Parsed.Unreadable("the value is not JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            return new Parsed.Unreadable(
                    "the value is JSON but not an object (" + (node == null ? "empty" : node.getNodeType()) + ")");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = mapper.convertValue(node, Map.class);
        return new Parsed.Fields(fields);
    }

    static boolean hasConfluentPrefix(byte[] value) {
        return value.length >= CONFLUENT_PREFIX_BYTES && value[0] == 0;
    }

    byte[] write(Map<String, Object> fields) {
        try {
            return mapper.writeValueAsBytes(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an output row as JSON: " + fields, e);
        }
    }
}
