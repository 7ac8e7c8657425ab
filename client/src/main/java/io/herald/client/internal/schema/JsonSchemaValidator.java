package io.herald.client.internal.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.herald.client.RegistrySchema;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Checks JSON data against JSON Schemas with networknt's validator; a schema without {@code $schema} is read as draft
 * 7. Compiled schemas are cached by their text and references. Thread-safe.
 *
 * <p>A schema with registry references finds them by the names its {@code $ref}s use, as Confluent's serdes do: a
 * {@code $ref} resolves to a referenced schema when it is the reference's name, ends with {@code /} and the name (a
 * relative name such as {@code address.json}, resolved against the schema's base URI), or is the referenced schema's
 * {@code $id}. A schema without an {@code $id} has the base URI {@link #BASE_URI}.
 */
public final class JsonSchemaValidator {
    /** The base URI of a schema without {@code $id}, against which relative {@code $ref}s resolve. */
    static final String BASE_URI = "https://schemas.herald.invalid/schema.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SchemaRegistry dialects = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
    private final ConcurrentHashMap<RegistrySchema, Schema> compiled = new ConcurrentHashMap<>();

    /**
     * The rules {@code data} breaks, each as {@code <JSON pointer>: <message> (rule <keyword>)} (for example {@code
     * /amountCents: must have a minimum value of 1 (rule minimum)}); empty when it is valid.
     *
     * @param schemaText a self-contained schema
     * @param schema the same schema, parsed
     */
    public List<String> violations(String schemaText, JsonNode schema, JsonNode data) {
        return violations(RegistrySchema.json(schemaText), schema, List::of, data);
    }

    /**
     * As {@link #violations(String, JsonNode, JsonNode)}, for a schema whose {@code $ref}s may name the schemas
     * {@code references} fetches (once, when the schema is first compiled; not under a lock of the cache, since it
     * may ask the registry).
     */
    List<String> violations(
            RegistrySchema schema,
            JsonNode parsed,
            Supplier<List<SchemaReferences.Referenced>> references,
            JsonNode data) {
        Schema validator = compiled.get(schema);
        if (validator == null) {
            validator = compile(parsed, references.get());
            compiled.putIfAbsent(schema, validator);
        }
        List<Error> errors = validator.validate(data);
        return errors.stream().map(JsonSchemaValidator::describe).toList();
    }

    private Schema compile(JsonNode parsed, List<SchemaReferences.Referenced> references) {
        if (references.isEmpty()) {
            return dialects.getSchema(parsed);
        }
        List<NamedDocument> documents =
                references.stream().map(NamedDocument::of).toList();
        SchemaRegistry withReferences = SchemaRegistry.withDefaultDialect(
                SpecificationVersion.DRAFT_7,
                builder -> builder.schemas(iri -> documents.stream()
                        .filter(document -> document.answers(iri))
                        .map(NamedDocument::text)
                        .findFirst()
                        .orElse(null)));
        return withReferences.getSchema(SchemaLocation.of(BASE_URI), parsed);
    }

    /** A referenced schema's text and the URIs it answers to. */
    private record NamedDocument(String name, String id, String text) {
        static NamedDocument of(SchemaReferences.Referenced reference) {
            String text = reference.schema().schema();
            JsonNode id;
            try {
                id = JSON.readTree(text).path("$id");
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        "referenced JSON Schema " + reference.name() + " (subject " + reference.subject() + " version "
                                + reference.version() + ") is not JSON: " + e.getMessage(),
                        e);
            }
            return new NamedDocument(reference.name(), id.isTextual() ? id.asText() : null, text);
        }

        boolean answers(String iri) {
            return iri.equals(name) || iri.endsWith("/" + name) || iri.equals(id);
        }
    }

    private static String describe(Error error) {
        String message = error.getMessage();
        String location = error.getInstanceLocation() == null
                ? "$"
                : error.getInstanceLocation().toString();
        String rule = " (rule " + error.getKeyword() + ")";
        return message.startsWith(location) ? message + rule : location + ": " + message + rule;
    }
}
