package io.herald.registry.internal.schema;

/** A schema text that does not parse, or uses a feature this registry does not support; the message says which. */
public final class InvalidSchemaException extends Exception {
    public InvalidSchemaException(String message) {
        super(message);
    }

    public InvalidSchemaException(String message, Throwable cause) {
        super(message, cause);
    }
}
