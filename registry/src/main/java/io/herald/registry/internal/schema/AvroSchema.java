package io.herald.registry.internal.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaParseException;

/**
 * An Avro schema parsed by Apache Avro's own parser, with name validation and default validation on (a bad default is
 * an invalid schema, as in Confluent). Compatibility is Avro's {@link SchemaCompatibility}, which Confluent uses too.
 *
 * <p>The canonical form is Avro's {@code Schema.toString()}, with referenced named types written by name only.
 */
public record AvroSchema(Schema schema, String canonical, List<ResolvedReference> references) implements ParsedSchema {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Parses {@code text} after its references, so it can use their named types. */
    public static AvroSchema parse(String text, List<ResolvedReference> references) throws InvalidSchemaException {
        Schema.Parser parser = new Schema.Parser().setValidateDefaults(true);
        List<Schema> referenced = new ArrayList<>();
        try {
            for (ResolvedReference reference : references) {
                referenced.add(parser.parse(reference.schema()));
            }
        } catch (SchemaParseException | IllegalArgumentException e) {
            throw new InvalidSchemaException(
                    "Invalid schema: a referenced schema does not parse: " + e.getMessage(), e);
        }
        try {
            Schema schema = parser.parse(text);
            @SuppressWarnings("deprecation")
            String canonical = referenced.isEmpty() ? schema.toString() : schema.toString(referenced, false);
            return new AvroSchema(schema, canonical, List.copyOf(references));
        } catch (SchemaParseException | IllegalArgumentException e) {
            throw new InvalidSchemaException("Invalid schema " + text + ", details: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // Avro reports some JSON syntax errors as other runtime exceptions
            throw new InvalidSchemaException("Invalid schema " + text + ", details: " + e.getMessage(), e);
        }
    }

    /**
     * Both written out whole: {@code Schema.toString()} without references renders every named type in place at its
     * first use, docs and aliases included (what Confluent's {@code equivalent} compares).
     */
    @Override
    public boolean sameInlined(ParsedSchema inlined) {
        return inlined instanceof AvroSchema avro
                && schema.toString().equals(avro.schema().toString());
    }

    /**
     * Confluent's normalized Avro schema: custom properties in name order (at every depth, values included) and
     * aliases sorted; names, fields, symbols and union branches keep their order, which has meaning. Done on the
     * canonical JSON and parsed again, so Avro writes its own keys in its own order as always.
     */
    @Override
    public AvroSchema normalize() {
        try {
            JsonNode sorted = sortPropertiesAndAliases(JSON.readTree(canonical));
            return parse(JSON.writeValueAsString(sorted), references);
        } catch (JsonProcessingException | InvalidSchemaException e) {
            throw new IllegalStateException("a parsed Avro schema did not parse again: " + canonical, e);
        }
    }

    private static JsonNode sortPropertiesAndAliases(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> byKey = new TreeMap<>();
            node.properties().forEach(field -> byKey.put(field.getKey(), field.getValue()));
            ObjectNode sorted = JSON.createObjectNode();
            byKey.forEach((key, value) -> {
                if (key.equals("aliases") && value.isArray()) {
                    Set<String> aliases = new TreeSet<>();
                    value.forEach(alias -> aliases.add(alias.asText()));
                    ArrayNode array = sorted.putArray(key);
                    aliases.forEach(array::add);
                } else {
                    sorted.set(key, sortPropertiesAndAliases(value));
                }
            });
            return sorted;
        }
        if (node.isArray()) {
            ArrayNode copy = JSON.createArrayNode();
            node.forEach(element -> copy.add(sortPropertiesAndAliases(element)));
            return copy;
        }
        return node;
    }

    /** Avro's finding in words, naming the path; "reader" is the schema that reads, "writer" the one data has. */
    private static String describe(SchemaCompatibility.Incompatibility incompatibility) {
        String path = incompatibility.getLocation();
        String detail = incompatibility.getMessage();
        return switch (incompatibility.getType()) {
            case READER_FIELD_MISSING_DEFAULT_VALUE ->
                "The field '" + detail + "' at path '" + path
                        + "' in the reader schema has no default value and is missing in the writer schema";
            case TYPE_MISMATCH ->
                "The type (path '" + path + "') of a field in the reader schema does not match" + " the writer schema";
            case NAME_MISMATCH ->
                "The name at path '" + path + "' in the reader schema does not match the writer"
                        + " schema (add the writer's name as an alias)";
            case MISSING_ENUM_SYMBOLS ->
                "The reader schema is missing enum symbols '" + detail + "' at path '" + path
                        + "' of the writer schema (or give the enum a default)";
            case MISSING_UNION_BRANCH ->
                "The reader schema is missing a type inside a union field at path '" + path + "' of the writer schema";
            case FIXED_SIZE_MISMATCH ->
                "The size of the FIXED type at path '" + path + "' differs between the reader and the writer schema";
            default -> detail + " at path '" + path + "'";
        };
    }

    @Override
    public SchemaType type() {
        return SchemaType.AVRO;
    }

    @Override
    public List<String> readErrors(ParsedSchema writer) {
        if (!(writer instanceof AvroSchema avroWriter)) {
            return List.of("Incompatible because of different schema type");
        }
        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(schema, avroWriter.schema());
        List<String> messages = new ArrayList<>();
        for (SchemaCompatibility.Incompatibility incompatibility :
                result.getResult().getIncompatibilities()) {
            messages.add("{errorType:'" + incompatibility.getType() + "', description:'" + describe(incompatibility)
                    + "', additionalInfo:'" + incompatibility.getMessage() + "'}");
        }
        return List.copyOf(messages);
    }
}
