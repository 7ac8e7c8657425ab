package io.herald.client;

/**
 * A schema version of a subject, as the registry answers it.
 *
 * @param subject the subject
 * @param id the schema's global id, the one written in the wire format
 * @param version the version under the subject, 1 or more
 * @param schema the schema (the registry's stored text, possibly normalized)
 */
public record RegisteredSchema(String subject, int id, int version, RegistrySchema schema) {}
