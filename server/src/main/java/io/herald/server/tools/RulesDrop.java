package io.herald.server.tools;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code herald rules drop NAME}. */
@Command(
        name = "drop",
        mixinStandardHelpOptions = true,
        description = "Drops a rule: its runners stop and it leaves the rules topic.")
final class RulesDrop implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private HeraldUrlOptions herald;

    @Parameters(index = "0", paramLabel = "NAME", description = "The rule's name.")
    private String name;

    @Override
    public Integer call() throws InterruptedException {
        JsonNode rule = herald.rules().delete("/api/rules/" + RulesHttp.segment(name));
        PrintWriter out = spec.commandLine().getOut();
        out.println(rule.path("message").asText());
        out.flush();
        return 0;
    }
}
