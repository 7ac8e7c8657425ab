package io.herald.registry.internal.store;

import io.herald.registry.internal.schema.SchemaReference;
import io.herald.registry.internal.schema.SchemaType;
import java.util.List;
import java.util.Objects;

/**
 * One record of the {@code _schemas} topic, decoded: what the registry's state is rebuilt from.
 *
 * <p>Each kind maps to one Confluent key type (see {@link RecordCodec} for the bytes). A tombstone (null value)
 * decodes to the {@code ...Deleted} record of its key type.
 */
public sealed interface RegistryRecord {

    /** A SCHEMA record: version {@code version} of {@code subject} is schema {@code id}; soft-deleted if {@code deleted}. */
    record SchemaRegistered(
            String subject,
            int version,
            int id,
            SchemaType schemaType,
            List<SchemaReference> references,
            String schema,
            boolean deleted)
            implements RegistryRecord {
        public SchemaRegistered {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(schemaType, "schemaType");
            Objects.requireNonNull(schema, "schema");
            references = List.copyOf(references);
        }

        /** This version with the soft-delete flag set. */
        public SchemaRegistered softDeleted() {
            return new SchemaRegistered(subject, version, id, schemaType, references, schema, true);
        }
    }

    /** A SCHEMA tombstone: the version is gone for good (a permanent delete). */
    record SchemaPurged(String subject, int version) implements RegistryRecord {}

    /**
     * A CONFIG record; {@code subject} null is the global config. Either field may be null (not set): Confluent
     * writes a config that sets only {@code normalize}.
     *
     * @param compatibilityLevel the level's name, or null
     * @param normalize whether schemas under this scope are normalized before they are stored or looked up, or null
     */
    record ConfigSet(String subject, String compatibilityLevel, Boolean normalize) implements RegistryRecord {

        /** A config that sets only the level. */
        public ConfigSet(String subject, String compatibilityLevel) {
            this(subject, compatibilityLevel, null);
        }
    }

    /** A CONFIG tombstone. */
    record ConfigCleared(String subject) implements RegistryRecord {}

    /** A MODE record; {@code subject} null is the global mode. */
    record ModeSet(String subject, String mode) implements RegistryRecord {}

    /** A MODE tombstone. */
    record ModeCleared(String subject) implements RegistryRecord {}

    /** A DELETE_SUBJECT record: every version of {@code subject} up to {@code version} is soft-deleted. */
    record SubjectSoftDeleted(String subject, int version) implements RegistryRecord {}

    /** A NOOP record or a key type this registry does not use (CONTEXT, CLEAR_SUBJECT...): changes nothing. */
    record Ignored(String keyType) implements RegistryRecord {}
}
