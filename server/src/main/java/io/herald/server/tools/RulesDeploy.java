package io.herald.server.tools;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.server.CommandEnvironment;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code herald rules deploy FILE [--from now|earliest|ISO|offset:N|topic:p=N,...]}: deploys (or changes) the rule the file holds. */
@Command(
        name = "deploy",
        mixinStandardHelpOptions = true,
        description = "Deploys the rule in FILE: version 1 if new, the next version if its plan changed, nothing if"
                + " it is the same.")
final class RulesDeploy implements Callable<Integer> {
    private final CommandEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Mixin
    private HeraldUrlOptions herald;

    @Parameters(index = "0", paramLabel = "FILE", description = "A file holding one rule (CREATE RULE ... INTO t).")
    private Path file;

    @Option(
            names = "--from",
            paramLabel = "now|earliest|TIME|offset:N|TOPIC:P=N,...",
            description = "Where a new version starts reading: now (default), earliest, an ISO-8601 time to"
                    + " back-fill from (2026-01-31T12:00:00Z), offset:N (offset N on every input partition), or"
                    + " offsets per partition (orders:0=120,orders:1=98; partitions not listed start at the"
                    + " beginning). An offset outside a partition's log moves to its nearest end, as"
                    + " kafka-consumer-groups --reset-offsets does.")
    private String from;

    RulesDeploy(CommandEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws InterruptedException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ParameterException(
                    spec.commandLine(), "cannot read rule file " + file + " (" + e + "); check the path");
        }
        String query = from == null ? "" : "?from=" + RulesHttp.segment(from);
        String user = environment.variables().getOrDefault("USER", System.getProperty("user.name"));
        JsonNode answer;
        try {
            answer = herald.rules().post("/api/rules" + query, text, user);
        } catch (io.herald.server.CommandFailedException e) {
            throw new io.herald.server.CommandFailedException(file + ": " + e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(answer.path("message").asText());
        out.flush();
        return 0;
    }
}
