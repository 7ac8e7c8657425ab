package io.herald.client;

import static io.herald.client.SchemaRegistryClient.BASIC_AUTH_CREDENTIALS_SOURCE;
import static io.herald.client.SchemaRegistryClient.BASIC_AUTH_USER_INFO;
import static io.herald.client.SchemaRegistryClient.LATEST_CACHE_TTL_SEC;
import static io.herald.client.SchemaSerdeConfig.SCHEMA_REGISTRY_URL;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@link SchemaRegistryClient#fromProperties} reads from Confluent's client property names: the registry's URLs
 * with the {@code Authorization} header each is sent, and how long a latest version is cached. Immutable.
 *
 * @param endpoints the registry's instances, in the order given
 * @param latestTtl {@code latest.cache.ttl.sec}, or null for no limit
 */
record RegistryClientProperties(List<Endpoint> endpoints, Duration latestTtl) {
    /** The property names read here. */
    static final Set<String> NAMES =
            Set.of(SCHEMA_REGISTRY_URL, BASIC_AUTH_CREDENTIALS_SOURCE, BASIC_AUTH_USER_INFO, LATEST_CACHE_TTL_SEC);

    /**
     * A registry URL without credentials, and the {@code Authorization} header it is sent, or null.
     *
     * @param baseUrl the URL without a trailing slash
     * @param authorization the header's value, or null
     */
    record Endpoint(String baseUrl, String authorization) {}

    /**
     * Reads {@code properties}; the serde's names ({@link SchemaSerdeConfig#PROPERTY_NAMES}) are accepted and
     * ignored.
     *
     * @throws IllegalArgumentException naming the property and the value that is missing, unknown or malformed
     */
    static RegistryClientProperties read(Map<String, ?> properties) {
        for (String name : properties.keySet()) {
            if (!NAMES.contains(name) && !SchemaSerdeConfig.PROPERTY_NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown schema registry property " + name + "; the SDK reads "
                        + String.join(", ", NAMES) + " and " + String.join(", ", SchemaSerdeConfig.PROPERTY_NAMES));
            }
        }
        Object url = properties.get(SCHEMA_REGISTRY_URL);
        if (url == null) {
            throw new IllegalArgumentException(SCHEMA_REGISTRY_URL + " is required, for example http://localhost:8081");
        }
        Object userInfo = properties.get(BASIC_AUTH_USER_INFO);
        Object source = properties.get(BASIC_AUTH_CREDENTIALS_SOURCE);
        // Confluent's default source is USER_INFO: credentials given without a source are used
        String sourceName = source != null ? source.toString().trim() : userInfo != null ? "USER_INFO" : "";
        List<Endpoint> endpoints = switch (sourceName) {
            case "" -> endpoints(url.toString(), null, false);
            case "USER_INFO" -> endpoints(url.toString(), basic(userInfo(userInfo)), false);
            case "URL" -> endpoints(url.toString(), null, true);
            default ->
                throw new IllegalArgumentException(BASIC_AUTH_CREDENTIALS_SOURCE
                        + " must be USER_INFO or URL, was " + source
                        + " (SASL_INHERIT and bearer tokens are not supported)");
        };
        return new RegistryClientProperties(endpoints, latestTtl(properties.get(LATEST_CACHE_TTL_SEC)));
    }

    /**
     * The endpoints of a comma-separated list of URLs, each sent {@code authorization}, or, when {@code
     * credentialsInUrl}, the basic credentials its {@code user:password@} part carries. That part is never sent in
     * the URL (the JDK client refuses it) nor shown in messages.
     *
     * @throws IllegalArgumentException if a URL is not http or https, or lacks the credentials it should carry
     */
    static List<Endpoint> endpoints(String urls, String authorization, boolean credentialsInUrl) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (String part : urls.split(",")) {
            String url = part.trim();
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw new IllegalArgumentException(SCHEMA_REGISTRY_URL
                        + " must be an http:// or https:// URL (or a comma-separated list of them), for example"
                        + " http://localhost:8081, was " + urls);
            }
            String userInfo = URI.create(url).getRawUserInfo();
            String endpointAuthorization = authorization;
            if (userInfo != null) {
                if (credentialsInUrl) {
                    endpointAuthorization = basic(URLDecoder.decode(userInfo, StandardCharsets.UTF_8));
                }
                url = url.replace(userInfo + "@", "");
            } else if (credentialsInUrl) {
                throw new IllegalArgumentException(
                        BASIC_AUTH_CREDENTIALS_SOURCE + " is URL, but " + url + " has no user:password@ part");
            }
            endpoints.add(
                    new Endpoint(url.endsWith("/") ? url.substring(0, url.length() - 1) : url, endpointAuthorization));
        }
        return List.copyOf(endpoints);
    }

    private static String userInfo(Object userInfo) {
        if (userInfo == null || !userInfo.toString().contains(":")) {
            throw new IllegalArgumentException(BASIC_AUTH_USER_INFO + " must be user:password when "
                    + BASIC_AUTH_CREDENTIALS_SOURCE + " is USER_INFO, was "
                    + (userInfo == null ? "not set" : "a value without ':'"));
        }
        return userInfo.toString();
    }

    private static Duration latestTtl(Object seconds) {
        if (seconds == null) {
            return null;
        }
        long value;
        try {
            value = Long.parseLong(seconds.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    LATEST_CACHE_TTL_SEC + " must be a number of seconds or -1, was " + seconds);
        }
        return value < 0 ? null : Duration.ofSeconds(value);
    }

    private static String basic(String userInfo) {
        return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }
}
