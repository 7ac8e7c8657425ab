package io.herald.registry.internal.service;

import io.herald.registry.internal.schema.InvalidSchemaException;
import io.herald.registry.internal.schema.ResolvedReference;
import io.herald.registry.internal.schema.SchemaReference;
import io.herald.registry.internal.store.RegistryRecord.SchemaRegistered;
import io.herald.registry.internal.store.RegistryState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the schemas a schema references, and theirs, in the registry's state: dependencies first, each once, so a
 * parser can read them in order. Soft-deleted versions still resolve (a reference pins a version, as in Confluent).
 */
public final class References {

    private static final int MAX_DEPTH = 64;

    private References() {}

    /** @throws InvalidSchemaException naming the first reference that is not registered */
    public static List<ResolvedReference> resolve(RegistryState state, List<SchemaReference> references)
            throws InvalidSchemaException {
        List<ResolvedReference> resolved = new ArrayList<>();
        collect(state, references, resolved, new HashSet<>(), 0);
        return List.copyOf(resolved);
    }

    private static void collect(
            RegistryState state,
            List<SchemaReference> references,
            List<ResolvedReference> resolved,
            Set<String> seen,
            int depth)
            throws InvalidSchemaException {
        if (depth > MAX_DEPTH) {
            throw new InvalidSchemaException("Invalid schema: references nest deeper than " + MAX_DEPTH);
        }
        for (SchemaReference reference : references) {
            SchemaRegistered target = state.version(reference.subject(), reference.version())
                    .orElseThrow(() -> new InvalidSchemaException("Invalid schema: reference " + reference.name()
                            + " points at subject '" + reference.subject() + "' version " + reference.version()
                            + ", which is not registered; register it first"));
            if (seen.add(reference.subject() + "\u0000" + reference.version())) {
                collect(state, target.references(), resolved, seen, depth + 1);
                resolved.add(new ResolvedReference(
                        reference.name(), reference.subject(), reference.version(), target.schema()));
            }
        }
    }
}
