package io.herald.examples.orders.fraud;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Deploys a rule through a Herald server's rules API ({@code PUT /api/rules/{name}?from=...}, body: the rule text),
 * as {@code herald rules deploy} does.
 */
public final class RulesApiClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI heraldUrl;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A client of the server at {@code heraldUrl} ({@code http://host:port}). */
    public RulesApiClient(URI heraldUrl) {
        this.heraldUrl = heraldUrl;
    }

    /**
     * Deploys {@code text} as rule {@code name}, starting at {@code from} ({@code now}, {@code earliest} or an ISO
     * time) when it is new or changed; deploying the same plan again changes nothing.
     *
     * @return the server's answer (JSON: the rule and whether it was created, changed or unchanged)
     * @throws IOException when the server cannot be reached or refuses the rule (the message has its answer)
     */
    public String deploy(String name, String text, String from, String deployedBy)
            throws IOException, InterruptedException {
        URI uri = heraldUrl.resolve("/api/rules/" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "?from="
                + URLEncoder.encode(from, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .header("Content-Type", "text/plain; charset=utf-8")
                .header("X-Herald-User", deployedBy)
                .PUT(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IOException(
                    "cannot deploy rule " + name + " to " + uri + ": " + e
                            + " (is herald server running with its --http-port there?)",
                    e);
        }
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            throw new IOException("the server at " + heraldUrl + " refused rule " + name + ": HTTP "
                    + response.statusCode() + " " + response.body());
        }
        return response.body();
    }
}
