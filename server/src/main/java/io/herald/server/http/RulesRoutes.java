package io.herald.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.cep.host.DeployResult;
import io.herald.cep.host.DeployedRule;
import io.herald.cep.host.HostedRules;
import io.herald.cep.host.NoSuchRuleException;
import io.herald.cep.host.RuleStatus;
import io.herald.cep.plan.InvalidRuleException;
import io.herald.cep.runner.StartPoint;
import io.herald.cep.text.RuleSyntaxException;
import io.herald.cep.text.RuleText;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * {@code /api/rules}: list, describe, deploy (the rule text as the body; where a new version starts, {@code ?from=}
 * {@code now} (the default), {@code earliest}, an ISO-8601 instant, {@code offset:N} or
 * {@code topic:partition=offset,...}, see {@link StartPoint#parse}), pause, resume and drop the rules hosted by this
 * server, JSON in and out. Deploy answers 201 for a new rule, 200
 * with {@code "result":"changed"} for a new version or {@code "unchanged"} for the same plan; a text that does not
 * parse 400 with {@code line}, {@code column}, {@code expected} and {@code found}; a start point that is not one,
 * or names offsets of a topic the rule does not read or of a partition the cluster does not have, 400 with the
 * reason; a rule that parses but cannot run 422; an unknown rule 404. Who deployed is the {@code X-Herald-User}
 * header, else the caller's address.
 */
final class RulesRoutes {
    static final String USER_HEADER = "X-Herald-User";

    private final HostedRules rules;

    RulesRoutes(HostedRules rules) {
        this.rules = rules;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/rules", this::list);
        routes.get("/api/rules/{name}", ctx -> send(ctx, 200, RuleJson.status(describe(ctx.pathParam("name")))));
        routes.put("/api/rules/{name}", ctx -> deploy(ctx, ctx.pathParam("name")));
        routes.post("/api/rules", ctx -> deploy(ctx, null));
        routes.post("/api/rules/{name}/pause", ctx -> send(ctx, 200, RuleJson.status(rules.pause(name(ctx)))));
        routes.post("/api/rules/{name}/resume", ctx -> send(ctx, 200, RuleJson.status(rules.resume(name(ctx)))));
        routes.delete("/api/rules/{name}", this::drop);
        routes.exception(RuleSyntaxException.class, (e, ctx) -> {
            ObjectNode body = RuleJson.error("syntax", e.getMessage())
                    .put("line", e.line())
                    .put("column", e.column())
                    .put("expected", e.expected())
                    .put("found", e.found());
            send(ctx, 400, body);
        });
        routes.exception(
                InvalidRuleException.class, (e, ctx) -> send(ctx, 422, RuleJson.error("invalid", e.getMessage())));
        routes.exception(
                NoSuchRuleException.class, (e, ctx) -> send(ctx, 404, RuleJson.error("not_found", e.getMessage())));
        routes.exception(
                IllegalArgumentException.class,
                (e, ctx) -> send(ctx, 400, RuleJson.error("bad_request", e.getMessage())));
        routes.exception(
                IllegalStateException.class, (e, ctx) -> send(ctx, 503, RuleJson.error("unavailable", e.getMessage())));
    }

    private static String name(Context ctx) {
        return ctx.pathParam("name");
    }

    private void list(Context ctx) {
        ArrayNode all = RuleJson.JSON.createArrayNode();
        for (RuleStatus status : rules.list()) {
            all.add(RuleJson.status(status));
        }
        send(ctx, 200, all);
    }

    private RuleStatus describe(String name) {
        return rules.describe(name).orElseThrow(() -> new NoSuchRuleException(name));
    }

    private void deploy(Context ctx, String pathName) {
        String text = ctx.body();
        if (text.isBlank()) {
            throw new IllegalArgumentException("the request body must be the rule text (CREATE RULE ... INTO topic)");
        }
        String fromParam = ctx.queryParam("from");
        StartPoint from = fromParam == null ? StartPoint.NOW : StartPoint.parse(fromParam);
        if (pathName != null) {
            String named = RuleText.parse(text).name();
            if (!named.equals(pathName)) {
                throw new IllegalArgumentException(
                        "the text defines rule " + named + " but the URL names " + pathName + "; make them agree");
            }
        }
        String user = ctx.header(USER_HEADER);
        String deployedBy = user != null && !user.isBlank() ? user : "http " + ctx.ip();
        DeployResult result = rules.deploy(text, from, deployedBy);
        ObjectNode body = RuleJson.status(rules.describe(result.rule().name())
                .orElseThrow(() -> new NoSuchRuleException(result.rule().name())));
        switch (result) {
            case DeployResult.Created c -> {
                body.put("result", "created");
                body.put("message", "rule " + c.rule().name() + " deployed as version 1 from " + from.text());
                send(ctx, 201, body);
            }
            case DeployResult.Changed c -> {
                body.put("result", "changed");
                body.put("previousVersion", c.previousVersion());
                body.put(
                        "message",
                        "rule " + c.rule().name() + " changed: version "
                                + c.rule().version() + " from " + from.text() + " replaces version "
                                + c.previousVersion());
                send(ctx, 200, body);
            }
            case DeployResult.Unchanged u -> {
                body.put("result", "unchanged");
                body.put(
                        "message",
                        "rule " + u.rule().name() + " is unchanged (same plan as version "
                                + u.rule().version() + "); nothing deployed");
                send(ctx, 200, body);
            }
        }
    }

    private void drop(Context ctx) {
        DeployedRule dropped = rules.drop(name(ctx));
        ObjectNode body = RuleJson.rule(dropped)
                .put("result", "dropped")
                .put("message", "rule " + dropped.name() + " dropped (was version " + dropped.version() + ")");
        send(ctx, 200, body);
    }

    static void send(Context ctx, int status, JsonNode body) {
        ctx.status(status).contentType("application/json").result(body.toString());
    }
}
