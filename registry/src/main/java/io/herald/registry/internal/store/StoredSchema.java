package io.herald.registry.internal.store;

import io.herald.registry.internal.schema.SchemaReference;
import io.herald.registry.internal.schema.SchemaType;
import java.util.List;

/**
 * What a schema id stands for: the type, the references and the schema text as stored (canonical form). Two
 * registrations with equal {@code StoredSchema} get the same id.
 */
public record StoredSchema(SchemaType schemaType, List<SchemaReference> references, String schema) {
    public StoredSchema {
        references = List.copyOf(references);
    }

    /** The content of a registered version. */
    public static StoredSchema of(RegistryRecord.SchemaRegistered version) {
        return new StoredSchema(version.schemaType(), version.references(), version.schema());
    }
}
