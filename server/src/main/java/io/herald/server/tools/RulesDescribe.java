package io.herald.server.tools;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code herald rules describe NAME}: the rule's deployment, its runner's figures, then its text. */
@Command(
        name = "describe",
        mixinStandardHelpOptions = true,
        description = "Shows a rule: version, state, start point, who deployed it, metrics, text.")
final class RulesDescribe implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private HeraldUrlOptions herald;

    @Parameters(index = "0", paramLabel = "NAME", description = "The rule's name.")
    private String name;

    @Override
    public Integer call() throws InterruptedException {
        JsonNode rule = herald.rules().get("/api/rules/" + RulesHttp.segment(name));
        PrintWriter out = spec.commandLine().getOut();
        for (String field :
                new String[] {"name", "version", "state", "from", "deployedBy", "deployedAt", "into", "runningHere"}) {
            out.printf("%-12s %s%n", field + ":", rule.path(field).asText());
        }
        out.printf("%-12s %s%n", "inputs:", rule.path("inputs").toString());
        for (String field : new String[] {"failure", "failedAttempts", "nextRestartAt"}) {
            if (rule.has(field)) {
                out.printf("%-12s %s%n", field + ":", rule.path(field).asText());
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        rule.path("metrics").properties().iterator();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> metric = it.next();
            out.printf("%-12s %s%n", metric.getKey() + ":", metric.getValue().asText());
        }
        out.println();
        out.println(rule.path("text").asText().strip());
        out.flush();
        return 0;
    }
}
