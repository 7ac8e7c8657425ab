package io.herald.server.tools;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code herald schemas check SUBJECT --schema FILE}: whether the schema may be registered under the subject at its
 * compatibility level; exit 0 when it may, 1 with the registry's reasons when not. A CI step before a deploy.
 */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = "Checks a schema against SUBJECT's compatibility level; exit 1 with the reasons if incompatible.")
final class SchemasCheck implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private SchemaRegistryOptions registry;

    @Parameters(paramLabel = "SUBJECT", description = "The subject.")
    private String subject;

    @ArgGroup(exclusive = false, multiplicity = "1")
    private SchemaFile schema;

    @Option(
            names = "--version",
            paramLabel = "V",
            description = "Check against this version only (default: the versions the level names).")
    private String version;

    @Override
    public Integer call() throws InterruptedException {
        RegistryHttp http = registry.registry();
        String path = "/compatibility/subjects/" + RegistryHttp.segment(subject) + "/versions"
                + (version == null ? "" : "/" + RegistryHttp.segment(version)) + "?verbose=true";
        JsonNode answer = http.post(path, schema.requestBody());
        PrintWriter out = spec.commandLine().getOut();
        boolean compatible = answer.path("is_compatible").asBoolean();
        out.println(compatible ? "compatible with " + subject : "NOT compatible with " + subject + ":");
        for (JsonNode message : answer.path("messages")) out.println("  " + message.asText());
        out.flush();
        return compatible ? 0 : 1;
    }
}
