package io.herald.client.internal.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks JSON data against JSON Schemas with networknt's validator; a schema without {@code $schema} is read as draft
 * 7. Compiled schemas are cached by their text. Thread-safe.
 */
public final class JsonSchemaValidator {
    private final SchemaRegistry dialects = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
    private final ConcurrentHashMap<String, Schema> compiled = new ConcurrentHashMap<>();

    /**
     * The rules {@code data} breaks, each as {@code <JSON pointer>: <message> (rule <keyword>)} (for example {@code
     * /amountCents: must have a minimum value of 1 (rule minimum)}); empty when it is valid.
     *
     * @param schemaText the schema
     * @param schema the same schema, parsed
     */
    public List<String> violations(String schemaText, JsonNode schema, JsonNode data) {
        Schema validator = compiled.computeIfAbsent(schemaText, text -> dialects.getSchema(schema));
        List<Error> errors = validator.validate(data);
        return errors.stream().map(JsonSchemaValidator::describe).toList();
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
