package io.herald.registry.internal.schema;

/**
 * A referenced schema found in the registry: the name the referring schema uses and the referenced schema's stored
 * text. Resolution lists dependencies before the schemas that need them.
 */
public record ResolvedReference(String name, String schema) {}
