package io.herald.server.tools;

import io.herald.server.CommandEnvironment;
import picocli.CommandLine.Option;

/**
 * Where the {@code herald rules} commands find Herald's HTTP API: {@code --herald-url}, else {@code HERALD_URL}, else
 * http://127.0.0.1:8080, where {@code herald server} listens by default.
 */
public final class HeraldUrlOptions {
    static final String DEFAULT_URL = "http://127.0.0.1:8080";

    private final CommandEnvironment environment;

    @Option(
            names = "--herald-url",
            paramLabel = "URL",
            description = "Herald's HTTP API (default: " + DEFAULT_URL + "; env HERALD_URL).")
    private String url;

    HeraldUrlOptions(CommandEnvironment environment) {
        this.environment = environment;
    }

    RulesHttp rules() {
        String chosen = url;
        if (chosen == null) chosen = environment.variables().get("HERALD_URL");
        if (chosen == null || chosen.isBlank()) chosen = DEFAULT_URL;
        return new RulesHttp(chosen);
    }
}
