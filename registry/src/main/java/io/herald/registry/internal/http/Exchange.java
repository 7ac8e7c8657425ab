package io.herald.registry.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.registry.internal.schema.SchemaReference;
import io.herald.registry.internal.store.RegistryRecord.SchemaRegistered;
import io.herald.registry.internal.store.StoredSchema;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading requests and writing responses the way Confluent's API does: JSON bodies whose unknown fields are ignored,
 * responses of type {@code application/vnd.schemaregistry.v1+json} that leave out null and empty fields.
 */
final class Exchange {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Exchange() {}

    /** The request body as a JSON object; an empty body is an empty object. */
    static JsonNode body(Context ctx) {
        String body = ctx.body();
        if (body.isBlank()) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (!node.isObject()) {
                throw RegistryErrors.badRequest("The request body must be a JSON object, was: " + abbreviate(body));
            }
            return node;
        } catch (JsonProcessingException e) {
            throw RegistryErrors.badRequest("The request body is not JSON: " + e.getOriginalMessage());
        }
    }

    /** The {@code references} of a request body. */
    static List<SchemaReference> references(JsonNode body) {
        List<SchemaReference> references = new ArrayList<>();
        for (JsonNode reference : body.path("references")) {
            if (!reference.path("name").isTextual()
                    || !reference.path("subject").isTextual()) {
                throw RegistryErrors.invalidSchema(
                        "Invalid schema: every reference needs a name, a subject and a version, was " + reference);
            }
            references.add(new SchemaReference(
                    reference.get("name").asText(),
                    reference.get("subject").asText(),
                    reference.path("version").asInt(-1)));
        }
        return references;
    }

    static boolean flag(Context ctx, String name) {
        return Boolean.parseBoolean(ctx.queryParam(name));
    }

    /**
     * The page of {@code items} that the {@code offset} and {@code limit} query parameters ask for (Confluent's paging
     * of {@code /subjects} and {@code /schemas}); all of them when absent, {@code limit} -1 meaning no limit.
     */
    static <T> List<T> page(Context ctx, List<T> items) {
        int offset = intParam(ctx, "offset", 0);
        int limit = intParam(ctx, "limit", -1);
        if (offset < 0) {
            throw RegistryErrors.badRequest("offset must be >= 0, was " + offset);
        }
        List<T> rest = offset >= items.size() ? List.of() : items.subList(offset, items.size());
        return limit < 0 || limit >= rest.size() ? rest : rest.subList(0, limit);
    }

    private static int intParam(Context ctx, String name, int absent) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw RegistryErrors.badRequest(name + " must be an integer, was '" + value + "'");
        }
    }

    static void send(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType(CONTENT_TYPE).result(JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write response " + body, e);
        }
    }

    static void ok(Context ctx, Object body) {
        send(ctx, 200, body);
    }

    /** A version as GET /subjects/{s}/versions/{v} answers it. */
    static ObjectNode version(SchemaRegistered version) {
        ObjectNode node = JSON.createObjectNode();
        node.put("subject", version.subject());
        node.put("version", version.version());
        node.put("id", version.id());
        schemaFields(node, StoredSchema.of(version));
        return node;
    }

    /** The schemaType (left out for AVRO, as Confluent does), references (left out when none) and schema fields. */
    static ObjectNode schemaFields(ObjectNode node, StoredSchema schema) {
        if (schema.schemaType() != io.herald.registry.internal.schema.SchemaType.AVRO) {
            node.put("schemaType", schema.schemaType().name());
        }
        if (!schema.references().isEmpty()) {
            ArrayNode references = node.putArray("references");
            for (SchemaReference reference : schema.references()) {
                references
                        .addObject()
                        .put("name", reference.name())
                        .put("subject", reference.subject())
                        .put("version", reference.version());
            }
        }
        node.put("schema", schema.schema());
        return node;
    }

    static ObjectNode error(int errorCode, String message) {
        return JSON.createObjectNode().put("error_code", errorCode).put("message", message);
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
