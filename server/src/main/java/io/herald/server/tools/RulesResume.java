package io.herald.server.tools;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code herald rules resume NAME}. */
@Command(name = "resume", mixinStandardHelpOptions = true, description = "Resumes a paused rule from where it stopped.")
final class RulesResume implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private HeraldUrlOptions herald;

    @Parameters(index = "0", paramLabel = "NAME", description = "The rule's name.")
    private String name;

    @Override
    public Integer call() throws InterruptedException {
        JsonNode rule = herald.rules().post("/api/rules/" + RulesHttp.segment(name) + "/resume", "", null);
        PrintWriter out = spec.commandLine().getOut();
        out.println("Resumed rule " + name + " (version " + rule.path("version").asText() + ")");
        out.flush();
        return 0;
    }
}
