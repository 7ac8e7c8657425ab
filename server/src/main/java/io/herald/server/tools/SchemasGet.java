package io.herald.server.tools;

import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code herald schemas get SUBJECT [--version V]} or {@code --id N}: prints the schema text. */
@Command(
        name = "get",
        mixinStandardHelpOptions = true,
        description = "Prints a schema: a subject's version (default latest), or the schema with an id.")
final class SchemasGet implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private SchemaRegistryOptions registry;

    @ArgGroup(multiplicity = "1")
    private Which which;

    static final class Which {
        @Parameters(paramLabel = "SUBJECT", description = "The subject.")
        String subject;

        @Option(names = "--id", paramLabel = "N", description = "The schema with this global id instead.")
        Integer id;
    }

    @Option(names = "--version", paramLabel = "V", defaultValue = "latest", description = "A version or latest.")
    private String version;

    @Override
    public Integer call() throws InterruptedException {
        RegistryHttp http = registry.registry();
        String path = which.id != null
                ? "/schemas/ids/" + which.id + "/schema"
                : "/subjects/" + RegistryHttp.segment(which.subject) + "/versions/" + RegistryHttp.segment(version)
                        + "/schema";
        spec.commandLine().getOut().println(http.getText(path));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
