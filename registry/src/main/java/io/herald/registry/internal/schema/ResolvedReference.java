package io.herald.registry.internal.schema;

/**
 * A referenced schema found in the registry: the name the referring schema uses, where it is registered, and its
 * stored text. Resolution lists dependencies before the schemas that need them.
 */
public record ResolvedReference(String name, String subject, int version, String schema) {

    /** A referenced schema known only by name and text (tests, and parsers that need no more). */
    public ResolvedReference(String name, String schema) {
        this(name, "", 0, schema);
    }
}
