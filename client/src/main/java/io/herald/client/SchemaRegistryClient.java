package io.herald.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A client of a Confluent-compatible schema registry's REST API (Herald's, Confluent's, Karapace's...), on
 * {@code java.net.http}. Thread-safe: share one per registry.
 *
 * <p>Caches what never changes: a schema by id, a subject's numbered version, and the id and version of a schema
 * under a subject (registered or looked up). The latest version of a subject is cached once read, as Confluent's
 * serializers do with {@code use.latest.version}: for {@code latest.cache.ttl.sec} when it is set ({@link
 * #fromProperties}), else until {@link #forgetLatest} drops it.
 *
 * <p>Failures throw {@link SchemaRegistryException} naming the URL, the subject and the registry's error code and
 * message.
 */
public final class SchemaRegistryClient {
    private static final String MEDIA_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Confluent's name of the property that says where basic-auth credentials come from. */
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    /** Confluent's name of the {@code user:password} property. */
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    /** Confluent's name of the property that bounds how long a subject's latest version is cached. */
    public static final String LATEST_CACHE_TTL_SEC = "latest.cache.ttl.sec";

    private static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final List<RegistryClientProperties.Endpoint> endpoints;
    private final HttpClient http;
    private final Duration requestTimeout;
    // null: a latest version is kept until forgetLatest
    private final Duration latestTtl;
    // the endpoint that answered last, tried first
    private final AtomicInteger preferred = new AtomicInteger();
    private final ConcurrentHashMap<Integer, RegistrySchema> schemasById = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<SubjectSchema, RegisteredSchema> versionsBySchema = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Latest> latestBySubject = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<SubjectVersion, RegisteredSchema> versions = new ConcurrentHashMap<>();

    private record SubjectSchema(String subject, RegistrySchema schema) {}

    private record SubjectVersion(String subject, int version) {}

    private record Latest(RegisteredSchema schema, long readAtNanos) {}

    private SchemaRegistryClient(
            List<RegistryClientProperties.Endpoint> endpoints, Duration requestTimeout, Duration latestTtl) {
        this.endpoints = endpoints;
        this.requestTimeout = requestTimeout;
        this.latestTtl = latestTtl;
        this.http = HttpClient.newBuilder().connectTimeout(requestTimeout).build();
    }

    /**
     * A client of the registry at {@code url} ({@code schema.registry.url}, for example {@code http://localhost:8081},
     * or a comma-separated list of instances of one registry), with requests timing out after 30 s.
     *
     * @throws IllegalArgumentException if a URL is not http or https
     */
    public static SchemaRegistryClient create(String url) {
        return create(url, DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * A client of the registry at {@code url} whose requests time out after {@code requestTimeout}.
     *
     * @throws IllegalArgumentException if a URL is not http or https
     */
    public static SchemaRegistryClient create(String url, Duration requestTimeout) {
        Objects.requireNonNull(url, SchemaSerdeConfig.SCHEMA_REGISTRY_URL);
        return new SchemaRegistryClient(
                RegistryClientProperties.endpoints(url, null, false),
                Objects.requireNonNull(requestTimeout, "requestTimeout"),
                null);
    }

    /**
     * A client configured with Confluent's property names, as a Confluent serializer's registry client is:
     *
     * <ul>
     *   <li>{@code schema.registry.url}: one URL or a comma-separated list of instances of one registry; a request that
     *       gets no answer from one is sent to the next, and the one that answered is asked first from then on;
     *   <li>{@code basic.auth.credentials.source}: {@code USER_INFO} ({@code basic.auth.user.info} is {@code
     *       user:password}) or {@code URL} (each URL carries them, {@code https://user:password@host}); HTTP basic
     *       authentication, as Confluent Cloud's registry asks for. Without it no credentials are sent;
     *   <li>{@code latest.cache.ttl.sec}: how long a subject's latest version is cached; -1 (the default), until
     *       {@link #forgetLatest}.
     * </ul>
     *
     * The serde properties of {@link SchemaSerdeConfig#fromProperties} are accepted and ignored, so one map configures
     * both; any other name is refused.
     *
     * @throws IllegalArgumentException naming the property and the value that is missing, unknown or malformed
     */
    public static SchemaRegistryClient fromProperties(Map<String, ?> properties) {
        RegistryClientProperties read = RegistryClientProperties.read(properties);
        return new SchemaRegistryClient(read.endpoints(), DEFAULT_REQUEST_TIMEOUT, read.latestTtl());
    }

    /** The registry's base URL: the first of {@code schema.registry.url}, without credentials. */
    public String url() {
        return endpoints.getFirst().baseUrl();
    }

    /**
     * Registers {@code schema} under {@code subject} ({@code POST /subjects/{subject}/versions}); a schema already
     * there answers its existing id and version.
     *
     * @param normalize asks the registry to normalize the schema first ({@code normalize.schemas})
     * @throws SchemaRegistryException if the registry refuses it: 409 when it breaks the subject's compatibility,
     *     42201 when it is not a valid schema
     */
    public RegisteredSchema register(String subject, RegistrySchema schema, boolean normalize) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        RegisteredSchema known = versionsBySchema.get(key);
        if (known != null) {
            return known;
        }
        String path = "/subjects/" + segment(subject) + "/versions" + (normalize ? "?normalize=true" : "");
        JsonNode answer = send("POST", path, subject, requestBody(schema));
        int id = answer.path("id").asInt();
        // registries before Confluent 8 answer the id only; the lookup gives the version
        RegisteredSchema registered = answer.path("version").asInt() > 0
                ? new RegisteredSchema(subject, id, answer.path("version").asInt(), schema)
                : lookup(subject, schema, normalize);
        versionsBySchema.put(key, registered);
        schemasById.putIfAbsent(id, schema);
        return registered;
    }

    /**
     * The id and version of {@code schema} under {@code subject} ({@code POST /subjects/{subject}}), matched by the
     * registry on the parsed schema, without registering anything.
     *
     * @throws SchemaRegistryException 40401 if the subject does not exist, 40403 if the schema is not one of its
     *     versions ({@link SchemaRegistryException#isNotFound()})
     */
    public RegisteredSchema lookup(String subject, RegistrySchema schema, boolean normalize) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        RegisteredSchema known = versionsBySchema.get(key);
        if (known != null) {
            return known;
        }
        String path = "/subjects/" + segment(subject) + (normalize ? "?normalize=true" : "");
        JsonNode answer = send("POST", path, subject, requestBody(schema));
        RegisteredSchema found = new RegisteredSchema(
                subject, answer.path("id").asInt(), answer.path("version").asInt(), schema);
        versionsBySchema.put(key, found);
        schemasById.putIfAbsent(found.id(), schema);
        return found;
    }

    /**
     * The schema with this global id ({@code GET /schemas/ids/{id}}), cached.
     *
     * @throws SchemaRegistryException 40403 if no schema has this id
     */
    public RegistrySchema schemaById(int id) {
        RegistrySchema known = schemasById.get(id);
        if (known != null) {
            return known;
        }
        RegistrySchema schema = schemaOf(send("GET", "/schemas/ids/" + id, null, null));
        schemasById.put(id, schema);
        return schema;
    }

    /**
     * Version {@code version} of {@code subject} ({@code GET /subjects/{subject}/versions/{version}}), cached: how a
     * schema's references are fetched.
     *
     * @throws SchemaRegistryException 40401 if the subject does not exist, 40402 if it has no such version
     */
    public RegisteredSchema version(String subject, int version) {
        SubjectVersion key = new SubjectVersion(subject, version);
        RegisteredSchema known = versions.get(key);
        if (known != null) {
            return known;
        }
        JsonNode answer = send("GET", "/subjects/" + segment(subject) + "/versions/" + version, subject, null);
        RegisteredSchema found = new RegisteredSchema(subject, answer.path("id").asInt(), version, schemaOf(answer));
        versions.put(key, found);
        schemasById.putIfAbsent(found.id(), found.schema());
        return found;
    }

    /**
     * The latest version of {@code subject} ({@code GET /subjects/{subject}/versions/latest}), cached once read (for
     * {@code latest.cache.ttl.sec} when it is set).
     *
     * @throws SchemaRegistryException 40401 if the subject does not exist
     */
    public RegisteredSchema latest(String subject) {
        Latest known = latestBySubject.get(subject);
        if (known != null && (latestTtl == null || System.nanoTime() - known.readAtNanos() < latestTtl.toNanos())) {
            return known.schema();
        }
        JsonNode answer = send("GET", "/subjects/" + segment(subject) + "/versions/latest", subject, null);
        RegistrySchema schema = schemaOf(answer);
        RegisteredSchema latest = new RegisteredSchema(
                subject, answer.path("id").asInt(), answer.path("version").asInt(), schema);
        latestBySubject.put(subject, new Latest(latest, System.nanoTime()));
        schemasById.putIfAbsent(latest.id(), schema);
        return latest;
    }

    /** Drops the cached latest version of {@code subject}, so the next {@link #latest} asks the registry. */
    public void forgetLatest(String subject) {
        latestBySubject.remove(subject);
    }

    /**
     * Sets the compatibility level of {@code subject} ({@code PUT /config/{subject}}).
     *
     * @param level {@code NONE}, {@code BACKWARD}, {@code FORWARD}, {@code FULL}, or one of them with
     *     {@code _TRANSITIVE}
     * @throws SchemaRegistryException 42203 if the level is not one of these
     */
    public void updateCompatibility(String subject, String level) {
        ObjectNode body = JSON.createObjectNode().put("compatibility", level);
        send("PUT", "/config/" + segment(subject), subject, body.toString());
    }

    private static String requestBody(RegistrySchema schema) {
        ObjectNode body = JSON.createObjectNode().put("schema", schema.schema());
        // left out for Avro, the registry's default, as Confluent's client does
        if (!RegistrySchema.AVRO.equals(schema.schemaType())) {
            body.put("schemaType", schema.schemaType());
        }
        if (!schema.references().isEmpty()) {
            ArrayNode references = body.putArray("references");
            for (SchemaReference reference : schema.references()) {
                references
                        .addObject()
                        .put("name", reference.name())
                        .put("subject", reference.subject())
                        .put("version", reference.version());
            }
        }
        return body.toString();
    }

    /** The schema of a registry answer: its type (Avro when absent), text and references. */
    private static RegistrySchema schemaOf(JsonNode answer) {
        List<SchemaReference> references = new ArrayList<>();
        for (JsonNode reference : answer.path("references")) {
            references.add(new SchemaReference(
                    reference.path("name").asText(),
                    reference.path("subject").asText(),
                    reference.path("version").asInt()));
        }
        return new RegistrySchema(
                answer.path("schemaType").asText(RegistrySchema.AVRO),
                answer.path("schema").asText(),
                references);
    }

    /**
     * Sends {@code request}, and once more on a new connection when the first attempt got no answer. Every registry
     * call is idempotent (registering a schema the subject has answers its id), and a request can be lost without the
     * registry's fault: the JDK client may close a pooled connection it has just handed out when the answer comes in
     * (JDK-8338569, JDK-8357639: "Data received while in pool", then "header parser received no bytes"), and it
     * retries only GETs by itself. A timeout is not retried: the registry was reached and is slow.
     */
    private HttpResponse<String> sendWithOneRetry(HttpRequest request) throws IOException, InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw e;
        } catch (IOException e) {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
    }

    private JsonNode send(String method, String path, String subject, String body) {
        int first = preferred.get();
        IOException failure = null;
        for (int i = 0; i < endpoints.size(); i++) {
            int index = (first + i) % endpoints.size();
            RegistryClientProperties.Endpoint endpoint = endpoints.get(index);
            HttpResponse<String> response;
            try {
                response = sendWithOneRetry(request(endpoint, method, path, body));
            } catch (IOException e) {
                failure = e; // another instance of the registry may answer
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException(
                        "interrupted while asking schema registry " + endpoint.baseUrl() + " " + method + " " + path,
                        endpoint.baseUrl() + path,
                        subject,
                        SchemaRegistryException.NO_ERROR_CODE,
                        e);
            }
            preferred.set(index);
            return answer(endpoint, method, path, subject, response);
        }
        String tried = endpoints.stream()
                .map(RegistryClientProperties.Endpoint::baseUrl)
                .collect(Collectors.joining(", "));
        throw new SchemaRegistryException(
                "schema registry " + tried + " did not answer " + method + " " + path + subjectText(subject) + ": "
                        + failure + "; check schema.registry.url and that the registry runs",
                endpoints.get(first).baseUrl() + path,
                subject,
                SchemaRegistryException.NO_ERROR_CODE,
                failure);
    }

    private HttpRequest request(RegistryClientProperties.Endpoint endpoint, String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint.baseUrl() + path))
                .timeout(requestTimeout)
                .header("Accept", MEDIA_TYPE)
                .header("Content-Type", MEDIA_TYPE)
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (endpoint.authorization() != null) {
            request.header("Authorization", endpoint.authorization());
        }
        return request.build();
    }

    private static JsonNode answer(
            RegistryClientProperties.Endpoint endpoint,
            String method,
            String path,
            String subject,
            HttpResponse<String> response) {
        String baseUrl = endpoint.baseUrl();
        String url = baseUrl + path;
        JsonNode answer = parse(response.body());
        if (response.statusCode() / 100 != 2) {
            int code = answer == null
                    ? SchemaRegistryException.NO_ERROR_CODE
                    : answer.path("error_code").asInt(-1);
            String message =
                    answer == null ? response.body() : answer.path("message").asText(response.body());
            String advice = response.statusCode() == 401 || response.statusCode() == 403
                    ? "; check " + BASIC_AUTH_CREDENTIALS_SOURCE + " and " + BASIC_AUTH_USER_INFO
                            + (endpoint.authorization() == null ? " (no credentials were sent)" : "")
                    : "";
            throw new SchemaRegistryException(
                    "schema registry " + baseUrl + " refused " + method + " " + path + subjectText(subject) + ": HTTP "
                            + response.statusCode() + ", error " + code + ": " + message + advice,
                    url,
                    subject,
                    code,
                    null);
        }
        if (answer == null) {
            throw new SchemaRegistryException(
                    "schema registry " + baseUrl + " answered " + method + " " + path + " with something that is not"
                            + " JSON: " + response.body(),
                    url,
                    subject,
                    SchemaRegistryException.NO_ERROR_CODE,
                    null);
        }
        return answer;
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String subjectText(String subject) {
        return subject == null ? "" : " (subject " + subject + ")";
    }

    private static String segment(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
