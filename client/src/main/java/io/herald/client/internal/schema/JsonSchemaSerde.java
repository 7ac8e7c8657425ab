package io.herald.client.internal.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.client.EventSchemaException;
import io.herald.client.EventSchemas;
import io.herald.client.JsonSchemaGenerator;
import io.herald.client.RegisteredSchema;
import io.herald.client.RegistrySchema;
import io.herald.client.SchemaRegistryClient;
import io.herald.client.SchemaRegistryException;
import io.herald.client.SchemaSerdeConfig;
import io.herald.client.internal.EventDescriptor;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes event data as JSON in Confluent's wire format with the id of its JSON Schema in a registry, and reads it
 * back. Thread-safe; the registry client caches ids and schemas.
 *
 * <p>Writing: the event's schema is the one given in {@link EventSchemas} for its type and version, else the generated
 * one; the subject comes from the configured strategy (the record name is the schema's {@code title}); the id from
 * registering ({@code auto.register.schemas}), looking up, or the subject's latest version ({@code
 * use.latest.version}). With {@code json.fail.invalid.schema} the data is checked against that schema first.
 *
 * <p>Reading: the id after the magic byte names the writer's schema, fetched by id; with {@code
 * json.fail.invalid.schema} the data is checked against it. Data that is plain JSON (written before the service moved
 * to the registry) is read as it is.
 */
public final class JsonSchemaSerde {
    private final SchemaRegistryClient registry;
    private final SchemaSerdeConfig config;
    private final EventSchemas schemas;
    private final ObjectMapper mapper;
    private final JsonSchemaValidator validator = new JsonSchemaValidator();
    private final ConcurrentHashMap<Class<?>, OwnSchema> ownSchemas = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, JsonNode> parsedSchemas = new ConcurrentHashMap<>();

    /** An event class's schema: its text, parsed, and its record name (the title, or null). */
    private record OwnSchema(RegistrySchema schema, JsonNode parsed, String recordName) {}

    /**
     * @param registry the registry client
     * @param config how ids are resolved and whether data is checked
     * @param schemas schemas given by the service; the others are generated
     * @param mapper the mapper that writes and reads the data
     */
    public JsonSchemaSerde(
            SchemaRegistryClient registry, SchemaSerdeConfig config, EventSchemas schemas, ObjectMapper mapper) {
        this.registry = registry;
        this.config = config;
        this.schemas = schemas;
        this.mapper = mapper;
    }

    /**
     * The wire-format bytes of {@code event} for {@code topic}.
     *
     * @throws IllegalArgumentException if the event breaks its schema (naming the event and the rule), or its schema
     *     has no title while the strategy needs a record name
     * @throws EventSchemaException if its schema is not registered and may not be, or the registry refuses it
     */
    public byte[] serialize(String topic, Object event) {
        EventDescriptor descriptor = EventDescriptor.of(event.getClass());
        OwnSchema own = ownSchemas.computeIfAbsent(event.getClass(), this::ownSchema);
        String subject = subjectOf(topic, descriptor, own);
        JsonNode data = mapper.valueToTree(event);
        RegisteredSchema writer;
        if (config.useLatestVersion()) {
            writer = resolve(descriptor, subject, () -> registry.latest(subject));
            check(descriptor, writer, parsed(writer.schema().schema()), data);
        } else {
            // checked before the registry is asked, so a bad event registers nothing
            check(descriptor, null, own.parsed(), data);
            writer = resolve(
                    descriptor,
                    subject,
                    () -> config.autoRegisterSchemas()
                            ? registry.register(subject, own.schema(), config.normalizeSchemas())
                            : registry.lookup(subject, own.schema(), config.normalizeSchemas()));
        }
        try {
            return WireFormat.frame(writer.id(), mapper.writeValueAsBytes(data));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write event " + descriptor.type() + " as JSON: " + e, e);
        }
    }

    /**
     * The JSON data in {@code data}, checked against the writer's schema when so configured.
     *
     * @param type the event type, for messages
     * @throws IllegalArgumentException if the data is neither the wire format nor a JSON object, its schema is not
     *     JSON Schema, or the data breaks it
     * @throws SchemaRegistryException if the writer's schema cannot be fetched
     */
    public JsonNode deserialize(byte[] data, String type) {
        try {
            if (!WireFormat.isFramed(data)) {
                return mapper.readTree(data);
            }
            WireFormat.Framed framed = WireFormat.parse(data);
            RegistrySchema writer = registry.schemaById(framed.schemaId());
            if (!RegistrySchema.JSON.equals(writer.schemaType())) {
                throw new IllegalArgumentException("event " + type + " was written with schema id " + framed.schemaId()
                        + ", a " + writer.schemaType() + " schema; this codec reads JSON Schema");
            }
            JsonNode tree = mapper.readTree(framed.payload());
            if (config.failInvalidSchema()) {
                List<String> broken = validator.violations(writer.schema(), parsed(writer.schema()), tree);
                if (!broken.isEmpty()) {
                    throw new IllegalArgumentException("event " + type + " does not match its writer's JSON Schema"
                            + " (id " + framed.schemaId() + "): " + String.join("; ", broken));
                }
            }
            return tree;
        } catch (IOException e) {
            throw new IllegalArgumentException("data of event " + type + " is not JSON: " + e.getMessage(), e);
        }
    }

    private OwnSchema ownSchema(Class<?> eventClass) {
        EventDescriptor descriptor = EventDescriptor.of(eventClass);
        RegistrySchema given = schemas.given(descriptor.type(), descriptor.version());
        if (given != null && !RegistrySchema.JSON.equals(given.schemaType())) {
            throw new IllegalArgumentException("the schema given for event " + descriptor.type() + " version "
                    + descriptor.version() + " is " + given.schemaType() + "; a JSON Schema codec needs a JSON Schema");
        }
        RegistrySchema schema =
                given != null ? given : RegistrySchema.json(JsonSchemaGenerator.schemaTextOf(eventClass));
        JsonNode parsed = parsed(schema.schema());
        JsonNode title = parsed.path("title");
        return new OwnSchema(schema, parsed, title.isTextual() ? title.asText() : null);
    }

    private String subjectOf(String topic, EventDescriptor descriptor, OwnSchema own) {
        if (config.subjectNameStrategy().needsRecordName() && own.recordName() == null) {
            throw new IllegalArgumentException("the JSON Schema of event " + descriptor.type() + " version "
                    + descriptor.version() + " has no title, which "
                    + config.subjectNameStrategy().confluentName()
                    + " needs as the record name; add \"title\": \"" + descriptor.type() + "\" to it");
        }
        return config.subjectNameStrategy().subject(topic, own.recordName());
    }

    private void check(EventDescriptor descriptor, RegisteredSchema writer, JsonNode schema, JsonNode data) {
        if (!config.failInvalidSchema()) {
            return;
        }
        String text = writer == null ? schema.toString() : writer.schema().schema();
        List<String> broken = validator.violations(text, schema, data);
        if (!broken.isEmpty()) {
            throw new IllegalArgumentException("event " + descriptor.type() + " (version " + descriptor.version()
                    + ") does not match its JSON Schema"
                    + (writer == null ? "" : " (subject " + writer.subject() + ", id " + writer.id() + ")")
                    + ": " + String.join("; ", broken));
        }
    }

    private interface RegistryCall {
        RegisteredSchema call();
    }

    private RegisteredSchema resolve(EventDescriptor descriptor, String subject, RegistryCall call) {
        try {
            return call.call();
        } catch (SchemaRegistryException e) {
            String event = "event " + descriptor.type() + " (version " + descriptor.version() + ")";
            if (e.isNotFound() && config.useLatestVersion()) {
                throw new EventSchemaException(
                        event + ": subject " + subject + " has no version at " + registry.url()
                                + " and use.latest.version is true; register the subject's schema first",
                        subject,
                        e);
            }
            if (e.isNotFound()) {
                throw new EventSchemaException(
                        event + ": its schema is not registered under subject " + subject + " at " + registry.url()
                                + ", and auto.register.schemas is false; register it beforehand, e.g. `herald schemas"
                                + " register " + subject + " --type JSON --schema <file with"
                                + " JsonSchemaGenerator.schemaTextOf("
                                + descriptor.eventClass().getSimpleName()
                                + ".class)>` (registry answered " + e.errorCode() + ")",
                        subject,
                        e);
            }
            throw new EventSchemaException(event + ": " + e.getMessage(), subject, e);
        }
    }

    private JsonNode parsed(String schemaText) {
        return parsedSchemas.computeIfAbsent(schemaText, text -> {
            try {
                return mapper.readTree(text);
            } catch (IOException e) {
                throw new IllegalArgumentException("a JSON Schema is not valid JSON: " + e.getMessage(), e);
            }
        });
    }
}
