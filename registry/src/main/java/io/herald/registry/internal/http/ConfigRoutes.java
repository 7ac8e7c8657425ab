package io.herald.registry.internal.http;

import static io.herald.registry.internal.http.Exchange.flag;
import static io.herald.registry.internal.http.Exchange.ok;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.registry.internal.schema.CompatibilityLevel;
import io.herald.registry.internal.service.RegistryWriter;
import io.herald.registry.internal.service.Settings;
import io.herald.registry.internal.service.Settings.Mode;
import io.herald.registry.internal.store.RegistryRecord.ConfigSet;
import io.herald.registry.internal.store.RegistryState;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** {@code /config} and {@code /mode}, registry-wide and per subject. */
final class ConfigRoutes {

    private final RegistryState state;
    private final Settings settings;
    private final RegistryWriter writer;

    ConfigRoutes(RegistryState state, Settings settings, RegistryWriter writer) {
        this.state = state;
        this.settings = settings;
        this.writer = writer;
    }

    void register(RoutesConfig routes) {
        routes.get(
                "/config",
                ctx -> ok(
                        ctx,
                        configBody(
                                "compatibilityLevel",
                                settings.globalLevel().name(),
                                state.configRecord(null)
                                        .map(ConfigSet::normalize)
                                        .orElse(null))));
        routes.put("/config", ctx -> putConfig(ctx, null));
        routes.delete("/config", ctx -> ok(ctx, configBody("compatibilityLevel", writer.deleteConfig(null))));
        routes.get("/config/{subject}", this::getSubjectConfig);
        routes.put("/config/{subject}", ctx -> putConfig(ctx, ctx.pathParam("subject")));
        routes.delete(
                "/config/{subject}",
                ctx -> ok(ctx, configBody("compatibilityLevel", writer.deleteConfig(ctx.pathParam("subject")))));

        routes.get("/mode", ctx -> ok(ctx, Map.of("mode", settings.globalMode().name())));
        routes.put("/mode", ctx -> putMode(ctx, null));
        routes.delete(
                "/mode", ctx -> ok(ctx, Map.of("mode", writer.deleteMode(null).name())));
        routes.get("/mode/{subject}", this::getSubjectMode);
        routes.put("/mode/{subject}", ctx -> putMode(ctx, ctx.pathParam("subject")));
        routes.delete(
                "/mode/{subject}",
                ctx -> ok(
                        ctx,
                        Map.of(
                                "mode",
                                writer.deleteMode(ctx.pathParam("subject")).name())));
    }

    private void getSubjectConfig(Context ctx) {
        String subject = ctx.pathParam("subject");
        Optional<ConfigSet> config = state.configRecord(subject);
        if (config.isPresent()) {
            ok(ctx, configBody("compatibilityLevel", config.get()));
        } else if (flag(ctx, "defaultToGlobal")) {
            ok(
                    ctx,
                    configBody(
                            "compatibilityLevel",
                            settings.level(subject).name(),
                            state.configRecord(null).map(ConfigSet::normalize).orElse(null)));
        } else {
            throw RegistryErrors.subjectConfigNotFound(subject);
        }
    }

    /**
     * A PUT sets the fields it gives and keeps the others; one that gives neither a level nor {@code normalize} is
     * 42203, like one with an unknown level.
     */
    private void putConfig(Context ctx, String subject) {
        JsonNode body = Exchange.body(ctx);
        String name = body.path("compatibility").asText(null);
        if (name == null) {
            name = body.path("compatibilityLevel").asText(null);
        }
        Boolean normalize =
                body.path("normalize").isBoolean() ? body.get("normalize").asBoolean() : null;
        CompatibilityLevel level = null;
        if (name != null || normalize == null) {
            try {
                level = CompatibilityLevel.fromName(String.valueOf(name));
            } catch (IllegalArgumentException e) {
                throw RegistryErrors.invalidCompatibilityLevel(name);
            }
        }
        ok(ctx, configBody("compatibility", writer.setConfig(subject, level, normalize)));
    }

    private static Map<String, Object> configBody(String levelField, ConfigSet config) {
        return configBody(levelField, config.compatibilityLevel(), config.normalize());
    }

    /** A config as Confluent answers it: the fields that are set, in its order ({@code normalize} first). */
    private static Map<String, Object> configBody(String levelField, String level, Boolean normalize) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (normalize != null) {
            body.put("normalize", normalize);
        }
        if (level != null) {
            body.put(levelField, level);
        }
        return body;
    }

    private void getSubjectMode(Context ctx) {
        String subject = ctx.pathParam("subject");
        String mode = state.mode(subject).orElseGet(() -> {
            if (flag(ctx, "defaultToGlobal")) {
                return settings.globalMode().name();
            }
            throw RegistryErrors.subjectModeNotFound(subject);
        });
        ok(ctx, Map.of("mode", mode));
    }

    private void putMode(Context ctx, String subject) {
        String name = Exchange.body(ctx).path("mode").asText(null);
        Mode mode;
        try {
            mode = Mode.valueOf(String.valueOf(name).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw RegistryErrors.invalidMode(name);
        }
        writer.setMode(subject, mode, flag(ctx, "force"));
        ok(ctx, Map.of("mode", mode.name()));
    }
}
