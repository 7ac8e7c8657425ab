package io.herald.registry.internal.http;

import static io.herald.registry.internal.http.Exchange.flag;
import static io.herald.registry.internal.http.Exchange.ok;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.registry.internal.schema.CompatibilityLevel;
import io.herald.registry.internal.schema.ParsedSchema;
import io.herald.registry.internal.service.SchemaLookup;
import io.herald.registry.internal.service.SchemaLookup.Candidate;
import io.herald.registry.internal.service.Settings;
import io.herald.registry.internal.service.VersionSpec;
import io.herald.registry.internal.store.RegistryRecord.SchemaRegistered;
import io.herald.registry.internal.store.RegistryState;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /compatibility/subjects/{s}/versions[/{v}]}: whether a schema could be registered. With a version, it
 * is checked against that version alone in the subject's level's direction; without, against what the level checks
 * at registration.
 */
final class CompatibilityRoutes {

    private final RegistryState state;
    private final SchemaLookup lookup;
    private final Settings settings;

    CompatibilityRoutes(RegistryState state, SchemaLookup lookup, Settings settings) {
        this.state = state;
        this.lookup = lookup;
        this.settings = settings;
    }

    void register(RoutesConfig routes) {
        routes.post("/compatibility/subjects/{subject}/versions/{version}", this::againstVersion);
        routes.post("/compatibility/subjects/{subject}/versions", this::againstLevel);
    }

    private void againstVersion(Context ctx) {
        String subject = ctx.pathParam("subject");
        VersionSpec spec = VersionSpec.parse(ctx.pathParam("version"));
        Candidate candidate = candidate(ctx, subject);
        List<SchemaRegistered> versions = state.versions(subject);
        Optional<SchemaRegistered> version = spec.pick(versions, false);
        if (version.isEmpty()) {
            if (spec.latest()) {
                answer(ctx, subject, List.of());
                return;
            }
            throw versions.isEmpty() ? RegistryErrors.subjectNotFound(subject) : RegistryErrors.versionNotFound(spec);
        }
        List<ParsedSchema> previous = lookup.parse(version.get()).stream().toList();
        answer(ctx, subject, settings.level(subject).check(candidate.parsed(), previous));
    }

    private void againstLevel(Context ctx) {
        String subject = ctx.pathParam("subject");
        Candidate candidate = candidate(ctx, subject);
        answer(ctx, subject, settings.level(subject).check(candidate.parsed(), lookup.liveParsed(subject)));
    }

    private Candidate candidate(Context ctx, String subject) {
        JsonNode body = Exchange.body(ctx);
        JsonNode schema = body.get("schema");
        if (schema == null || !schema.isTextual()) {
            throw RegistryErrors.invalidSchema("Empty schema");
        }
        boolean normalize = settings.normalizes(subject, flag(ctx, "normalize"));
        return lookup.parse(
                body.path("schemaType").asText(null), schema.asText(), Exchange.references(body), normalize);
    }

    private void answer(Context ctx, String subject, List<String> messages) {
        ObjectNode response = Exchange.JSON.createObjectNode().put("is_compatible", messages.isEmpty());
        if (flag(ctx, "verbose") && !messages.isEmpty()) {
            List<String> all = new ArrayList<>(messages);
            CompatibilityLevel level = settings.level(subject);
            all.add("{compatibility: '" + level.name() + "'}");
            response.putPOJO("messages", all);
        }
        ok(ctx, response);
    }
}
