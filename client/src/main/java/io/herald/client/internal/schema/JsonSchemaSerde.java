package io.herald.client.internal.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.client.EventSchemas;
import io.herald.client.JsonSchemaGenerator;
import io.herald.client.RegisteredSchema;
import io.herald.client.RegistrySchema;
import io.herald.client.SchemaRegistryClient;
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
 * json.fail.invalid.schema} the data is checked against it. A schema's {@code $ref}s to its registry references are
 * resolved to the referenced versions, fetched once per schema. Data that is plain JSON (written before the service
 * moved to the registry) is read as it is.
 */
public final class JsonSchemaSerde implements RegistrySerde {
    /** What {@link #contentType()} answers. */
    public static final String CONTENT_TYPE = "application/vnd.herald.registry.json-schema";

    private final SchemaRegistryClient registry;
    private final SchemaSerdeConfig config;
    private final EventSchemas schemas;
    private final ObjectMapper mapper;
    private final SchemaIdResolver resolver;
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
        this.resolver = new SchemaIdResolver(registry, config);
    }

    @Override
    public String contentType() {
        return CONTENT_TYPE;
    }

    @Override
    public byte[] serialize(String topic, Object event) {
        EventDescriptor descriptor = EventDescriptor.of(event.getClass());
        OwnSchema own = ownSchemas.computeIfAbsent(event.getClass(), this::ownSchema);
        String subject = resolver.subject(topic, descriptor, own.recordName(), "\"title\"");
        JsonNode data = mapper.valueToTree(event);
        RegisteredSchema writer;
        if (config.useLatestVersion()) {
            writer = resolver.latest(descriptor, subject);
            check(descriptor, writer, writer.schema(), data);
        } else {
            // checked before registering (only its references are fetched), so a bad event registers nothing
            check(descriptor, null, own.schema(), data);
            writer = resolver.own(descriptor, subject, own.schema());
        }
        try {
            return WireFormat.frame(writer.id(), mapper.writeValueAsBytes(data));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write event " + descriptor.type() + " as JSON: " + e, e);
        }
    }

    @Override
    public JsonNode deserialize(byte[] data, EventDescriptor target, int dataVersion) {
        String type = target.type();
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
                List<String> broken = validator.violations(
                        writer, parsed(writer.schema()), () -> SchemaReferences.of(registry, writer), tree);
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

    private void check(EventDescriptor descriptor, RegisteredSchema writer, RegistrySchema schema, JsonNode data) {
        if (!config.failInvalidSchema()) {
            return;
        }
        List<String> broken = validator.violations(
                schema, parsed(schema.schema()), () -> SchemaReferences.of(registry, schema), data);
        if (!broken.isEmpty()) {
            throw new IllegalArgumentException("event " + descriptor.type() + " (version " + descriptor.version()
                    + ") does not match its JSON Schema"
                    + (writer == null ? "" : " (subject " + writer.subject() + ", id " + writer.id() + ")") + ": "
                    + String.join("; ", broken));
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
