package io.herald.server.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code herald schemas config [SUBJECT] [--compatibility LEVEL]}: shows or sets the compatibility level, of one subject
 * or the registry's default. A subject without its own level shows the default it follows.
 */
@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        description = "Shows or sets the compatibility level of SUBJECT, or the registry's default without SUBJECT.")
final class SchemasConfig implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private SchemaRegistryOptions registry;

    @Parameters(paramLabel = "SUBJECT", arity = "0..1", description = "The subject (default: the registry's default).")
    private String subject;

    @Option(
            names = "--compatibility",
            paramLabel = "LEVEL",
            description = "Set it: NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL,"
                    + " FULL_TRANSITIVE.")
    private String compatibility;

    @Override
    public Integer call() throws InterruptedException {
        RegistryHttp http = registry.registry();
        String path = subject == null ? "/config" : "/config/" + RegistryHttp.segment(subject);
        String level;
        if (compatibility != null) {
            ObjectNode body = RegistryHttp.json().createObjectNode();
            body.put("compatibility", compatibility.toUpperCase(Locale.ROOT));
            level = http.put(path, body).path("compatibility").asText();
        } else {
            JsonNode config = http.get(subject == null ? path : path + "?defaultToGlobal=true");
            level = config.path("compatibilityLevel").asText();
        }
        spec.commandLine().getOut().println((subject == null ? "default" : subject) + ": compatibility " + level);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
