package io.herald.server.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.server.CommandFailedException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A client of {@code herald server}'s rules API ({@code /api/rules}), for the CLI. An error answer becomes a
 * {@link CommandFailedException} with the server's message; an unreachable server one that says where the command
 * looked.
 */
final class RulesHttp {
    /** A deploy waits for the rule's runner to start, which creates its output topics. */
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    RulesHttp(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    static String segment(String pathPart) {
        return URLEncoder.encode(pathPart, StandardCharsets.UTF_8).replace("+", "%20");
    }

    JsonNode get(String path) throws InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    JsonNode post(String path, String body, String user) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (user != null) request.header("X-Herald-User", user);
        return send(request.header("Content-Type", "text/plain; charset=utf-8"));
    }

    JsonNode delete(String path) throws InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    private URI uri(String path) {
        try {
            return URI.create(baseUrl + path);
        } catch (IllegalArgumentException e) {
            throw new CommandFailedException("--herald-url " + baseUrl + " is not a URL: " + e.getMessage());
        }
    }

    private JsonNode send(HttpRequest.Builder request) throws InterruptedException {
        HttpResponse<String> response;
        try {
            response = http.send(
                    request.timeout(TIMEOUT)
                            .header("Accept", "application/json")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new CommandFailedException(
                    "no Herald HTTP API answers at " + baseUrl + "; start herald server or pass --herald-url");
        } catch (HttpTimeoutException e) {
            throw new CommandFailedException(
                    "Herald at " + baseUrl + " did not answer within " + TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            throw new CommandFailedException("cannot reach Herald at " + baseUrl + ": " + e);
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new CommandFailedException(baseUrl + " answered HTTP " + response.statusCode()
                    + " with something that is not JSON: " + response.body());
        }
        if (response.statusCode() / 100 == 2) return body;
        String message = body.path("message").asText(response.body());
        throw new CommandFailedException(message);
    }
}
