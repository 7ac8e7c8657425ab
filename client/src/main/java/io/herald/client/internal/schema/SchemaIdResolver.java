package io.herald.client.internal.schema;

import io.herald.client.EventSchemaException;
import io.herald.client.RegisteredSchema;
import io.herald.client.RegistrySchema;
import io.herald.client.SchemaRegistryClient;
import io.herald.client.SchemaRegistryException;
import io.herald.client.SchemaSerdeConfig;
import io.herald.client.internal.EventDescriptor;

/**
 * Finds the registered schema an event is written with, as Confluent's serializers do: the subject from the
 * configured strategy, then the subject's latest version ({@code use.latest.version}), or the event's own schema
 * registered ({@code auto.register.schemas}) or looked up. Registry refusals become {@link EventSchemaException}s that
 * say what to do. Thread-safe; the client caches the answers.
 */
final class SchemaIdResolver {
    private final SchemaRegistryClient registry;
    private final SchemaSerdeConfig config;

    SchemaIdResolver(SchemaRegistryClient registry, SchemaSerdeConfig config) {
        this.registry = registry;
        this.config = config;
    }

    /**
     * The subject of an event with this record name on {@code topic}.
     *
     * @throws IllegalArgumentException if the strategy needs a record name and the schema has none
     */
    String subject(String topic, EventDescriptor descriptor, String recordName, String whereTheNameIs) {
        if (config.subjectNameStrategy().needsRecordName() && recordName == null) {
            throw new IllegalArgumentException("the schema of event " + descriptor.type() + " version "
                    + descriptor.version() + " has no " + whereTheNameIs + ", which "
                    + config.subjectNameStrategy().confluentName() + " needs as the record name");
        }
        return config.subjectNameStrategy().subject(topic, recordName);
    }

    /** The subject's latest version, when {@code use.latest.version} is set. */
    RegisteredSchema latest(EventDescriptor descriptor, String subject) {
        try {
            return registry.latest(subject);
        } catch (SchemaRegistryException e) {
            if (e.isNotFound()) {
                throw new EventSchemaException(
                        name(descriptor) + ": subject " + subject + " has no version at " + registry.url()
                                + " and use.latest.version is true; register the subject's schema first",
                        subject,
                        e);
            }
            throw new EventSchemaException(name(descriptor) + ": " + e.getMessage(), subject, e);
        }
    }

    /** The id and version of the event's own schema: registered, or looked up when auto-registration is off. */
    RegisteredSchema own(EventDescriptor descriptor, String subject, RegistrySchema schema) {
        try {
            return config.autoRegisterSchemas()
                    ? registry.register(subject, schema, config.normalizeSchemas())
                    : registry.lookup(subject, schema, config.normalizeSchemas());
        } catch (SchemaRegistryException e) {
            if (e.isNotFound()) {
                throw new EventSchemaException(
                        name(descriptor) + ": its schema is not registered under subject " + subject + " at "
                                + registry.url() + ", and auto.register.schemas is false; register it beforehand,"
                                + " e.g. `herald schemas register " + subject + " --type " + schema.schemaType()
                                + " --schema <file>` (the generated schema: " + generatorOf(schema) + ".schemaTextOf("
                                + descriptor.eventClass().getSimpleName() + ".class)); the registry answered "
                                + e.errorCode(),
                        subject,
                        e);
            }
            throw new EventSchemaException(name(descriptor) + ": " + e.getMessage(), subject, e);
        }
    }

    private static String generatorOf(RegistrySchema schema) {
        return switch (schema.schemaType()) {
            case RegistrySchema.AVRO -> "AvroSchemaGenerator";
            case RegistrySchema.PROTOBUF -> "ProtobufSchemaGenerator";
            default -> "JsonSchemaGenerator";
        };
    }

    private static String name(EventDescriptor descriptor) {
        return "event " + descriptor.type() + " (version " + descriptor.version() + ")";
    }
}
