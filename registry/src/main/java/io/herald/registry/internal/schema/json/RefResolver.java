package io.herald.registry.internal.schema.json;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Follows {@code $ref}s of one schema: local pointers ({@code #/definitions/a}, {@code #/$defs/a}) into the schema's
 * root, and names of registered references (optionally with a {@code #} pointer) into the referenced schemas. An
 * unresolvable reference is left as it is, which compares as a schema accepting anything.
 */
final class RefResolver {

    private static final int MAX_HOPS = 32;

    private final JsonNode root;
    private final Map<String, JsonNode> referenced;

    RefResolver(JsonNode root, Map<String, JsonNode> referenced) {
        this.root = root;
        this.referenced = referenced;
    }

    /**
     * Whether keywords beside a {@code $ref} apply too: since draft 2019-09 they do; up to draft 7 they are ignored.
     * Read from the root's {@code $schema}; a schema without one is taken as draft 7, as Confluent does.
     */
    boolean siblingsOfRefApply() {
        String dialect = root.path("$schema").asText("");
        return dialect.contains("2019-09") || dialect.contains("2020-12");
    }

    /** The schema {@code node} stands for once its {@code $ref} chain is followed. */
    JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int hop = 0;
                hop < MAX_HOPS && current.isObject() && current.path("$ref").isTextual();
                hop++) {
            JsonNode target = target(current.get("$ref").asText());
            if (target == null) {
                return current;
            }
            current = target;
        }
        return current;
    }

    private JsonNode target(String ref) {
        int hash = ref.indexOf('#');
        String document = hash < 0 ? ref : ref.substring(0, hash);
        String pointer = hash < 0 ? "" : ref.substring(hash + 1);
        JsonNode base = document.isEmpty() ? root : referenced.get(document);
        if (base == null) {
            return null;
        }
        try {
            JsonNode target = base.at(JsonPointer.compile(pointer));
            return target.isMissingNode() ? null : target;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
