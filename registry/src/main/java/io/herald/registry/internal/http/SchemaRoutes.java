package io.herald.registry.internal.http;

import static io.herald.registry.internal.http.Exchange.flag;
import static io.herald.registry.internal.http.Exchange.ok;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.registry.internal.schema.InvalidSchemaException;
import io.herald.registry.internal.schema.ParsedSchema;
import io.herald.registry.internal.schema.ResolvedReference;
import io.herald.registry.internal.schema.SchemaFormat;
import io.herald.registry.internal.schema.SchemaParser;
import io.herald.registry.internal.service.References;
import io.herald.registry.internal.store.RegistryRecord.SchemaRegistered;
import io.herald.registry.internal.store.RegistryState;
import io.herald.registry.internal.store.StoredSchema;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code /schemas/...}: schemas by id, all schemas, the supported types; and {@code GET /}. */
final class SchemaRoutes {

    private final RegistryState state;

    SchemaRoutes(RegistryState state) {
        this.state = state;
    }

    void register(RoutesConfig routes) {
        routes.get("/", ctx -> ok(ctx, Map.of()));
        routes.get("/schemas/types", ctx -> ok(ctx, List.of("JSON", "PROTOBUF", "AVRO")));
        routes.get("/schemas", this::listSchemas);
        routes.get("/schemas/ids/{id}", this::schemaById);
        routes.get(
                "/schemas/ids/{id}/schema",
                ctx -> ctx.contentType(Exchange.CONTENT_TYPE).result(formatted(ctx, byId(ctx))));
        routes.get(
                "/schemas/ids/{id}/subjects",
                ctx -> ok(
                        ctx,
                        versionsWithId(ctx).stream()
                                .map(SchemaRegistered::subject)
                                .distinct()
                                .sorted()
                                .toList()));
        routes.get("/schemas/ids/{id}/versions", this::versionsOfId);
    }

    private static int id(Context ctx) {
        String text = ctx.pathParam("id");
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw RegistryErrors.badRequest("Schema id must be an integer, was '" + text + "'");
        }
    }

    /**
     * The schema of an id. The {@code subject} parameter (sent by Confluent's serializers) names a context in
     * Confluent; with only the default context it changes nothing.
     */
    private StoredSchema byId(Context ctx) {
        int id = id(ctx);
        return state.schema(id).orElseThrow(() -> RegistryErrors.schemaIdNotFound(id));
    }

    /**
     * {@code GET /schemas/ids/{id}}: with {@code format}, the schema in that form ({@link SchemaFormat}); with
     * {@code fetchMaxId=true}, also {@code maxId}, the highest id registered (the one a serializer caching ids may
     * compare with, as Confluent's does).
     */
    private void schemaById(Context ctx) {
        StoredSchema schema = byId(ctx);
        ObjectNode body = Exchange.schemaFields(Exchange.JSON.createObjectNode(), schema);
        body.put("schema", formatted(ctx, schema));
        if (flag(ctx, "fetchMaxId")) {
            body.put("maxId", state.maxId());
        }
        ok(ctx, body);
    }

    /** The stored text, or without a blank {@code format} parameter the schema re-rendered in that format. */
    private String formatted(Context ctx, StoredSchema schema) {
        String format = ctx.queryParam("format");
        if (format == null || format.isBlank()) {
            return schema.schema();
        }
        try {
            List<ResolvedReference> references = References.resolve(state, schema.references());
            ParsedSchema parsed = SchemaParser.parse(schema.schemaType(), schema.schema(), references);
            return SchemaFormat.format(parsed, references, format);
        } catch (InvalidSchemaException e) {
            throw RegistryErrors.invalidSchema(e.getMessage());
        }
    }

    private List<SchemaRegistered> versionsWithId(Context ctx) {
        int id = id(ctx);
        boolean deleted = flag(ctx, "deleted");
        List<SchemaRegistered> versions = state.versionsWithId(id);
        if (versions.isEmpty()) {
            throw RegistryErrors.schemaIdNotFound(id);
        }
        return versions.stream().filter(v -> deleted || !v.deleted()).toList();
    }

    private void versionsOfId(Context ctx) {
        List<ObjectNode> pairs = new ArrayList<>();
        for (SchemaRegistered version : versionsWithId(ctx)) {
            pairs.add(Exchange.JSON
                    .createObjectNode()
                    .put("subject", version.subject())
                    .put("version", version.version()));
        }
        ok(ctx, pairs);
    }

    private void listSchemas(Context ctx) {
        String prefix = ctx.queryParam("subjectPrefix");
        boolean deleted = flag(ctx, "deleted");
        boolean latestOnly = flag(ctx, "latestOnly");
        List<ObjectNode> schemas = new ArrayList<>();
        SchemaRegistered previous = null;
        for (SchemaRegistered version : state.allVersions()) {
            if ((prefix != null && !version.subject().startsWith(prefix)) || (version.deleted() && !deleted)) {
                continue;
            }
            if (latestOnly && previous != null && previous.subject().equals(version.subject())) {
                schemas.removeLast();
            }
            schemas.add(Exchange.version(version));
            previous = version;
        }
        ok(ctx, Exchange.page(ctx, schemas));
    }
}
