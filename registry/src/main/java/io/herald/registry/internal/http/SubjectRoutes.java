package io.herald.registry.internal.http;

import static io.herald.registry.internal.http.Exchange.flag;
import static io.herald.registry.internal.http.Exchange.ok;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.registry.internal.service.RegistryWriter;
import io.herald.registry.internal.service.SchemaLookup;
import io.herald.registry.internal.service.SchemaLookup.Candidate;
import io.herald.registry.internal.service.Settings;
import io.herald.registry.internal.service.VersionSpec;
import io.herald.registry.internal.store.RegistryRecord.SchemaRegistered;
import io.herald.registry.internal.store.RegistryState;
import io.herald.registry.internal.store.StoredSchema;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/** {@code /subjects/...}: list, register, look up, read and delete versions. */
final class SubjectRoutes {

    private final RegistryState state;
    private final SchemaLookup lookup;
    private final Settings settings;
    private final RegistryWriter writer;

    SubjectRoutes(RegistryState state, SchemaLookup lookup, Settings settings, RegistryWriter writer) {
        this.state = state;
        this.lookup = lookup;
        this.settings = settings;
        this.writer = writer;
    }

    void register(RoutesConfig routes) {
        routes.get("/subjects", this::listSubjects);
        routes.get("/subjects/{subject}/versions", this::listVersions);
        routes.post("/subjects/{subject}/versions", this::registerSchema);
        routes.get("/subjects/{subject}/versions/{version}", ctx -> ok(ctx, Exchange.version(pick(ctx))));
        routes.get(
                "/subjects/{subject}/versions/{version}/schema",
                ctx -> ctx.contentType(Exchange.CONTENT_TYPE).result(pick(ctx).schema()));
        routes.get("/subjects/{subject}/versions/{version}/referencedby", this::referencedBy);
        routes.delete("/subjects/{subject}/versions/{version}", this::deleteVersion);
        routes.post("/subjects/{subject}", this::lookupSchema);
        routes.delete("/subjects/{subject}", this::deleteSubject);
    }

    private void listSubjects(Context ctx) {
        String prefix = ctx.queryParam("subjectPrefix");
        boolean deleted = flag(ctx, "deleted");
        boolean deletedOnly = flag(ctx, "deletedOnly");
        List<String> subjects = new ArrayList<>();
        for (String subject : state.subjects()) {
            if (prefix != null && !subject.startsWith(prefix)) {
                continue;
            }
            boolean live = state.versions(subject).stream().anyMatch(v -> !v.deleted());
            if (deletedOnly ? !live : (live || deleted)) {
                subjects.add(subject);
            }
        }
        ok(ctx, Exchange.page(ctx, subjects));
    }

    private void listVersions(Context ctx) {
        String subject = ctx.pathParam("subject");
        boolean deleted = flag(ctx, "deleted");
        boolean deletedOnly = flag(ctx, "deletedOnly");
        List<SchemaRegistered> versions = state.versions(subject);
        List<Integer> numbers = versions.stream()
                .filter(v -> deletedOnly ? v.deleted() : (deleted || !v.deleted()))
                .map(SchemaRegistered::version)
                .toList();
        if (versions.isEmpty() || (numbers.isEmpty() && !deletedOnly)) {
            throw RegistryErrors.subjectNotFound(subject);
        }
        ok(ctx, numbers);
    }

    private void registerSchema(Context ctx) {
        String subject = ctx.pathParam("subject");
        JsonNode body = Exchange.body(ctx);
        Candidate candidate = candidate(ctx, subject, body);
        Integer id = body.path("id").isInt() && body.get("id").asInt() > 0
                ? body.get("id").asInt()
                : null;
        Integer version = body.path("version").isInt() && body.get("version").asInt() > 0
                ? body.get("version").asInt()
                : null;
        SchemaRegistered registered = writer.register(subject, candidate, id, version);
        ObjectNode response = Exchange.JSON.createObjectNode();
        response.put("id", registered.id());
        response.put("version", registered.version());
        Exchange.schemaFields(response, StoredSchema.of(registered));
        ok(ctx, response);
    }

    /** The request's schema, normalized when {@code ?normalize=true} or the subject's (or global) config asks. */
    private Candidate candidate(Context ctx, String subject, JsonNode body) {
        JsonNode schema = body.get("schema");
        if (schema == null || !schema.isTextual()) {
            throw RegistryErrors.invalidSchema("Empty schema");
        }
        boolean normalize = settings.normalizes(subject, flag(ctx, "normalize"));
        return lookup.parse(
                body.path("schemaType").asText(null), schema.asText(), Exchange.references(body), normalize);
    }

    /** The version a request names; 42202, 40401 and 40402 in Confluent's order. */
    private SchemaRegistered pick(Context ctx) {
        String subject = ctx.pathParam("subject");
        VersionSpec spec = VersionSpec.parse(ctx.pathParam("version"));
        boolean deleted = flag(ctx, "deleted");
        List<SchemaRegistered> versions = state.versions(subject);
        if (versions.isEmpty() || (!deleted && versions.stream().allMatch(SchemaRegistered::deleted))) {
            throw RegistryErrors.subjectNotFound(subject);
        }
        return spec.pick(versions, deleted).orElseThrow(() -> RegistryErrors.versionNotFound(spec));
    }

    private void referencedBy(Context ctx) {
        SchemaRegistered version = pick(ctx);
        ok(
                ctx,
                state.liveReferrers(version.subject(), version.version()).stream()
                        .map(SchemaRegistered::id)
                        .distinct()
                        .sorted()
                        .toList());
    }

    private void deleteVersion(Context ctx) {
        VersionSpec spec = VersionSpec.parse(ctx.pathParam("version"));
        ok(ctx, writer.deleteVersion(ctx.pathParam("subject"), spec, flag(ctx, "permanent")));
    }

    private void lookupSchema(Context ctx) {
        String subject = ctx.pathParam("subject");
        boolean deleted = flag(ctx, "deleted");
        List<SchemaRegistered> versions = state.versions(subject).stream()
                .filter(v -> deleted || !v.deleted())
                .toList();
        if (versions.isEmpty()) {
            throw RegistryErrors.subjectNotFound(subject);
        }
        Candidate candidate = candidate(ctx, subject, Exchange.body(ctx));
        SchemaRegistered found = lookup.match(candidate, versions).orElseThrow(RegistryErrors::schemaNotFound);
        ok(ctx, Exchange.version(found));
    }

    private void deleteSubject(Context ctx) {
        ok(ctx, writer.deleteSubject(ctx.pathParam("subject"), flag(ctx, "permanent")));
    }
}
