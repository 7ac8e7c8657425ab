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
 * A client of the Confluent Schema Registry REST API, for the CLI: any Confluent-compatible registry (Herald's,
 * Confluent's, Karapace, Redpanda's). A registry error becomes a {@link CommandFailedException} with the registry's
 * {@code error_code} and message; an unreachable registry one that says where the command looked.
 */
final class RegistryHttp {
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    RegistryHttp(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    String baseUrl() {
        return baseUrl;
    }

    static String segment(String pathPart) {
        return URLEncoder.encode(pathPart, StandardCharsets.UTF_8).replace("+", "%20");
    }

    JsonNode get(String path) throws InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET(), path);
    }

    /** The body as text, for endpoints that answer raw schemas. */
    String getText(String path) throws InterruptedException {
        return exchange(HttpRequest.newBuilder(uri(path)).GET(), path);
    }

    JsonNode post(String path, JsonNode body) throws InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).POST(bodyOf(body)), path);
    }

    JsonNode put(String path, JsonNode body) throws InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).PUT(bodyOf(body)), path);
    }

    static ObjectMapper json() {
        return JSON;
    }

    private URI uri(String path) {
        try {
            return URI.create(baseUrl + path);
        } catch (IllegalArgumentException e) {
            throw new CommandFailedException("--schema-registry-url " + baseUrl + " is not a URL: " + e.getMessage());
        }
    }

    private static HttpRequest.BodyPublisher bodyOf(JsonNode body) {
        return HttpRequest.BodyPublishers.ofString(body.toString());
    }

    private JsonNode send(HttpRequest.Builder request, String path) throws InterruptedException {
        String body = exchange(request, path);
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new CommandFailedException(baseUrl + path + " answered something that is not JSON: " + body);
        }
    }

    private String exchange(HttpRequest.Builder request, String path) throws InterruptedException {
        HttpResponse<String> response;
        try {
            response = http.send(
                    request.timeout(TIMEOUT)
                            .header("Accept", CONTENT_TYPE)
                            .header("Content-Type", CONTENT_TYPE)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new CommandFailedException("no schema registry answers at " + baseUrl + "; start one (herald server,"
                    + " or herald registry --bootstrap-server HOST:PORT) or pass --schema-registry-url");
        } catch (HttpTimeoutException e) {
            throw new CommandFailedException(
                    "the schema registry at " + baseUrl + " did not answer within " + TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            throw new CommandFailedException("cannot reach the schema registry at " + baseUrl + ": " + e);
        }
        if (response.statusCode() / 100 == 2) return response.body();
        throw new CommandFailedException(registryError(response));
    }

    private static String registryError(HttpResponse<String> response) {
        try {
            JsonNode error = JSON.readTree(response.body());
            if (error.has("error_code")) {
                return error.path("message").asText() + " (error "
                        + error.path("error_code").asInt() + ")";
            }
        } catch (IOException e) {
            // not the registry's error body: fall through to the status line
        }
        return "the registry answered HTTP " + response.statusCode() + ": " + response.body();
    }
}
