package io.herald.server.tools;

import io.herald.server.CommandEnvironment;
import picocli.CommandLine.Option;

/**
 * Where the {@code herald schemas} commands find the schema registry: {@code --schema-registry-url} (the name of the
 * serializers' {@code schema.registry.url}), else {@code HERALD_SCHEMA_REGISTRY_URL}, else http://127.0.0.1:8081, where
 * {@code herald server} and {@code herald registry} listen by default.
 */
public final class SchemaRegistryOptions {
    static final String DEFAULT_URL = "http://127.0.0.1:8081";

    private final CommandEnvironment environment;

    @Option(
            names = "--schema-registry-url",
            paramLabel = "URL",
            description = "The schema registry (default: " + DEFAULT_URL + "; env HERALD_SCHEMA_REGISTRY_URL).")
    private String url;

    SchemaRegistryOptions(CommandEnvironment environment) {
        this.environment = environment;
    }

    RegistryHttp registry() {
        String chosen = url;
        if (chosen == null) chosen = environment.variables().get("HERALD_SCHEMA_REGISTRY_URL");
        if (chosen == null || chosen.isBlank()) chosen = DEFAULT_URL;
        return new RegistryHttp(chosen);
    }
}
