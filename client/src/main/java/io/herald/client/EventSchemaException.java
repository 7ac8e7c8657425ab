package io.herald.client;

/**
 * An event was not published because its schema could not be resolved in the schema registry: it is not registered
 * and {@code auto.register.schemas} is false, the registry refused it (incompatible with the subject's earlier
 * versions, invalid), or the registry could not be reached. The cause is the {@link SchemaRegistryException} with the
 * registry's error code and message.
 */
public final class EventSchemaException extends PublishException {
    private final String subject;

    /**
     * @param message what failed and what to do
     * @param subject the subject of the event's schema
     * @param cause the registry's refusal
     */
    public EventSchemaException(String message, String subject, SchemaRegistryException cause) {
        super(message, cause);
        this.subject = subject;
    }

    /** The subject the event's schema was looked up or registered under. */
    public String subject() {
        return subject;
    }

    /** The registry's refusal, with its error code. */
    public SchemaRegistryException registryError() {
        return (SchemaRegistryException) getCause();
    }
}
