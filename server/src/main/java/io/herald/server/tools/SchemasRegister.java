package io.herald.server.tools;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code herald schemas register SUBJECT --schema FILE}: registers a schema under a subject (or finds it there). */
@Command(
        name = "register",
        mixinStandardHelpOptions = true,
        description = "Registers a schema under SUBJECT; the same schema again gets its existing id and version.")
final class SchemasRegister implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private SchemaRegistryOptions registry;

    @Parameters(paramLabel = "SUBJECT", description = "The subject, e.g. orders-value.")
    private String subject;

    @ArgGroup(exclusive = false, multiplicity = "1")
    private SchemaFile schema;

    @Option(names = "--normalize", description = "Let the registry normalize the schema before comparing it.")
    private boolean normalize;

    @Override
    public Integer call() throws InterruptedException {
        RegistryHttp http = registry.registry();
        String path = "/subjects/" + RegistryHttp.segment(subject) + "/versions" + (normalize ? "?normalize=true" : "");
        JsonNode registered = http.post(path, schema.requestBody());
        int id = registered.path("id").asInt();
        // Confluent's registry answers the id only; then the lookup gives the version
        JsonNode version = registered.has("version")
                ? registered.path("version")
                : http.post("/subjects/" + RegistryHttp.segment(subject), schema.requestBody())
                        .path("version");
        spec.commandLine()
                .getOut()
                .println("Registered " + subject + " version " + version.asInt() + ", schema id " + id);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
