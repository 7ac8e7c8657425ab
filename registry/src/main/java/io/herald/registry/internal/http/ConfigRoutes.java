package io.herald.registry.internal.http;

import static io.herald.registry.internal.http.Exchange.flag;
import static io.herald.registry.internal.http.Exchange.ok;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.registry.internal.schema.CompatibilityLevel;
import io.herald.registry.internal.service.RegistryWriter;
import io.herald.registry.internal.service.Settings;
import io.herald.registry.internal.service.Settings.Mode;
import io.herald.registry.internal.store.RegistryState;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Map;

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
                        ctx, Map.of("compatibilityLevel", settings.globalLevel().name())));
        routes.put("/config", ctx -> putConfig(ctx, null));
        routes.delete(
                "/config",
                ctx -> ok(
                        ctx,
                        Map.of("compatibilityLevel", writer.deleteConfig(null).name())));
        routes.get("/config/{subject}", this::getSubjectConfig);
        routes.put("/config/{subject}", ctx -> putConfig(ctx, ctx.pathParam("subject")));
        routes.delete(
                "/config/{subject}",
                ctx -> ok(
                        ctx,
                        Map.of(
                                "compatibilityLevel",
                                writer.deleteConfig(ctx.pathParam("subject")).name())));

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
        String level = state.config(subject).orElseGet(() -> {
            if (flag(ctx, "defaultToGlobal")) {
                return settings.globalLevel().name();
            }
            throw RegistryErrors.subjectConfigNotFound(subject);
        });
        ok(ctx, Map.of("compatibilityLevel", level));
    }

    private void putConfig(Context ctx, String subject) {
        JsonNode body = Exchange.body(ctx);
        String name = body.path("compatibility").asText(null);
        if (name == null) {
            name = body.path("compatibilityLevel").asText(null);
        }
        CompatibilityLevel level;
        try {
            level = CompatibilityLevel.fromName(String.valueOf(name));
        } catch (IllegalArgumentException e) {
            throw RegistryErrors.invalidCompatibilityLevel(name);
        }
        writer.setConfig(subject, level);
        ok(ctx, Map.of("compatibility", level.name()));
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
