package io.herald.server.tools;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code herald rules pause NAME}. */
@Command(
        name = "pause",
        mixinStandardHelpOptions = true,
        description = "Pauses a rule: its runners stop; a resume continues where they stopped.")
final class RulesPause implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private HeraldUrlOptions herald;

    @Parameters(index = "0", paramLabel = "NAME", description = "The rule's name.")
    private String name;

    @Override
    public Integer call() throws InterruptedException {
        JsonNode rule = herald.rules().post("/api/rules/" + RulesHttp.segment(name) + "/pause", "", null);
        PrintWriter out = spec.commandLine().getOut();
        out.println("Paused rule " + name + " (version " + rule.path("version").asText() + ")");
        out.flush();
        return 0;
    }
}
