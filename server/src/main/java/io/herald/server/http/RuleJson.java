package io.herald.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.cep.host.DeployedRule;
import io.herald.cep.host.RuleStatus;
import io.herald.cep.plan.Rule;
import io.herald.cep.runner.RunnerStats;

/**
 * The JSON of the rules API: a rule with its version, state, start point, deployment, inputs and output, and the
 * figures of this server's runner of it:
 *
 * <pre>{@code
 * {"name":"fraud","version":2,"state":"RUNNING","from":"now","deployedBy":"alice","deployedAt":"...",
 *  "inputs":["orders"],"into":"fraud_alerts","runningHere":true,"text":"CREATE RULE ...",
 *  "metrics":{"eventsIn":12,"matchesOut":1,"lateEvents":0,"overflowEvents":0,"stateSize":5,"lag":0,
 *             "recordsRead":12,"outputsSent":1,"outputsAcknowledged":1}}
 * }</pre>
 *
 * {@code failure} is added when this server's runner stopped on an error or could not start, with
 * {@code nextRestartAt} (ISO-8601), when the server starts it again by itself; {@code failedAttempts} when runs of
 * this version failed in a row (also on a live runner restarted after them, until it has stayed up for a minute).
 * Thread-safe.
 */
final class RuleJson {
    static final ObjectMapper JSON = new ObjectMapper();

    private RuleJson() {}

    static ObjectNode status(RuleStatus status) {
        ObjectNode node = rule(status.rule());
        node.put("runningHere", status.runningHere());
        status.failure().ifPresent(failure -> node.put("failure", failure));
        if (status.failedAttempts() > 0) {
            node.put("failedAttempts", status.failedAttempts());
        }
        status.nextRestartAt().ifPresent(at -> node.put("nextRestartAt", at.toString()));
        status.stats().ifPresent(stats -> node.set("metrics", metrics(stats)));
        return node;
    }

    static ObjectNode rule(DeployedRule rule) {
        ObjectNode node = JSON.createObjectNode()
                .put("name", rule.name())
                .put("version", rule.version())
                .put("state", rule.state().name())
                .put("from", rule.from().text())
                .put("deployedBy", rule.deployedBy())
                .put("deployedAt", rule.deployedAt().toString());
        Rule plan = rule.plan();
        plan.source().topics().forEach(node.putArray("inputs")::add);
        node.put("into", plan.into());
        node.put("text", rule.text());
        return node;
    }

    private static ObjectNode metrics(RunnerStats stats) {
        return JSON.createObjectNode()
                .put("eventsIn", stats.eventsIn())
                .put("matchesOut", stats.rowsOut())
                .put("lateEvents", stats.lateEvents())
                .put("overflowEvents", stats.overflowEvents())
                .put("stateSize", stats.stateSize())
                .put("lag", stats.lagRecords())
                .put("recordsRead", stats.recordsRead())
                .put("outputsSent", stats.outputsSent())
                .put("outputsAcknowledged", stats.outputsAcknowledged());
    }

    static ObjectNode error(String error, String message) {
        return JSON.createObjectNode().put("error", error).put("message", message);
    }
}
