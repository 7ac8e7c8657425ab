package io.herald.client.internal.schema;

import io.herald.client.RegistrySchema;
import io.herald.client.SchemaReference;
import io.herald.client.SchemaRegistryClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Fetches the registered schemas a schema refers to, and the ones those refer to in turn, in the order a parser needs
 * them: each after the schemas it refers to. Stateless; the registry client caches the versions.
 */
final class SchemaReferences {
    /**
     * A referenced schema, the name its referrer uses for it and where it is registered. One subject version may be
     * referred to under several names; {@link #definitions} has it once.
     */
    record Referenced(String name, String subject, int version, RegistrySchema schema) {}

    private SchemaReferences() {}

    /**
     * Every reference {@code schema} makes, directly or through the schemas it refers to, dependencies first; empty
     * for a self-contained schema.
     *
     * @throws io.herald.client.SchemaRegistryException if the registry does not answer or lacks a referenced version
     */
    static List<Referenced> of(SchemaRegistryClient registry, RegistrySchema schema) {
        List<Referenced> ordered = new ArrayList<>();
        collect(registry, schema.references(), new HashSet<>(), ordered);
        return ordered;
    }

    /** The referenced schemas, each subject version once (an Avro parser may define a type only once). */
    static List<RegistrySchema> definitions(List<Referenced> references) {
        Set<String> versions = new HashSet<>();
        return references.stream()
                .filter(reference -> versions.add(reference.version() + ":" + reference.subject()))
                .map(Referenced::schema)
                .toList();
    }

    private static void collect(
            SchemaRegistryClient registry,
            List<SchemaReference> references,
            Set<String> expanded,
            List<Referenced> ordered) {
        for (SchemaReference reference : references) {
            RegistrySchema target =
                    registry.version(reference.subject(), reference.version()).schema();
            // a version's own references are added once, however often it is referred to
            if (expanded.add(reference.version() + ":" + reference.subject())) {
                collect(registry, target.references(), expanded, ordered);
            }
            ordered.add(new Referenced(reference.name(), reference.subject(), reference.version(), target));
        }
    }
}
