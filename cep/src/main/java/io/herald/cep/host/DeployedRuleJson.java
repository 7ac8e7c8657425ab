package io.herald.cep.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.cep.runner.StartPoint;
import java.io.IOException;
import java.time.Instant;

/**
 * The value of a record of the rules topic, JSON in UTF-8:
 *
 * <pre>{@code
 * {"name":"fraud","version":2,"state":"RUNNING","from":"now","deployedBy":"alice",
 *  "deployedAt":"2026-11-29T11:00:00Z","text":"CREATE RULE fraud ..."}
 * }</pre>
 *
 * {@code from} is the start point's text ({@link StartPoint#parse}): {@code earliest}, {@code now}, an ISO-8601
 * instant, {@code offset:N} or {@code topic:partition=offset,...}; documents written before the offset forms existed
 * hold one of the first three and read as before. Unknown fields are ignored, so a later Herald
 * may add some. Thread-safe.
 */
public final class DeployedRuleJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DeployedRuleJson() {}

    /** The record value of {@code rule}. */
    public static byte[] write(DeployedRule rule) {
        ObjectNode node = JSON.createObjectNode()
                .put("name", rule.name())
                .put("version", rule.version())
                .put("state", rule.state().name())
                .put("from", rule.from().text())
                .put("deployedBy", rule.deployedBy())
                .put("deployedAt", rule.deployedAt().toString())
                .put("text", rule.text());
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write rule " + rule.name() + " as JSON", e);
        }
    }

    /**
     * Reads a record value.
     *
     * @throws IllegalArgumentException when it is not such a document, naming what is wrong
     */
    public static DeployedRule read(byte[] value) {
        JsonNode node;
        try {
            node = JSON.readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("a rules topic value must be JSON: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("a rules topic value must be a JSON object");
        }
        try {
            return new DeployedRule(
                    text(node, "name"),
                    text(node, "text"),
                    node.path("version").asInt(0),
                    RuleState.valueOf(text(node, "state")),
                    StartPoint.parse(text(node, "from")),
                    text(node, "deployedBy"),
                    Instant.parse(text(node, "deployedAt")));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("a rules topic value is not a deployed rule: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("field " + field + " is missing or not text");
        }
        return value.asText();
    }
}
