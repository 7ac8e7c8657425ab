package io.herald.server.tools;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code herald rules list}: one line per rule. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "Lists the rules: NAME VERSION STATE FROM INPUTS INTO EVENTS-IN MATCHES-OUT LAG.")
final class RulesList implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private HeraldUrlOptions herald;

    @Override
    public Integer call() throws InterruptedException {
        TextTable table =
                new TextTable("NAME", "VERSION", "STATE", "FROM", "INPUTS", "INTO", "EVENTS-IN", "MATCHES-OUT", "LAG");
        for (JsonNode rule : herald.rules().get("/api/rules")) {
            List<String> inputs = new ArrayList<>();
            rule.path("inputs").forEach(i -> inputs.add(i.asText()));
            JsonNode metrics = rule.path("metrics");
            table.row(
                    rule.path("name").asText(),
                    rule.path("version").asText(),
                    rule.path("state").asText(),
                    rule.path("from").asText(),
                    String.join(",", inputs),
                    rule.path("into").asText(),
                    metrics.path("eventsIn").asText("-"),
                    metrics.path("matchesOut").asText("-"),
                    metrics.path("lag").asText("-"));
        }
        PrintWriter out = spec.commandLine().getOut();
        table.print(out);
        out.flush();
        return 0;
    }
}
