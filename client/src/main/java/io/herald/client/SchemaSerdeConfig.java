package io.herald.client;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How the registry serdes ({@link EventCodec#jsonSchema}, {@link EventCodec#avro}, {@link EventCodec#protobuf}) find
 * and check schemas, under Confluent's serializer property names. Immutable.
 *
 * @param registryUrl {@code schema.registry.url}
 * @param autoRegisterSchemas {@code auto.register.schemas} (default true, as Confluent's): register an event's schema
 *     on first publish. In production set it to false and register schemas beforehand ({@code herald schemas
 *     register}); a publish whose schema is missing then fails saying so
 * @param useLatestVersion {@code use.latest.version} (default false): write with the subject's latest schema instead
 *     of the event's own (which then is neither registered nor looked up)
 * @param subjectNameStrategy {@code value.subject.name.strategy}; default {@code TopicRecordNameStrategy}, not
 *     Confluent's {@code TopicNameStrategy}, because one topic carries several event types
 * @param normalizeSchemas {@code normalize.schemas} (default false): ask the registry to normalize before comparing
 * @param failInvalidSchema {@code json.fail.invalid.schema}: check each JSON event against its JSON Schema when it is
 *     written and read; default true (Confluent's is false), so an event that breaks its schema never reaches the
 *     topic. Avro and Protobuf data always fit their schema (or are refused) whatever this says
 */
public record SchemaSerdeConfig(
        String registryUrl,
        boolean autoRegisterSchemas,
        boolean useLatestVersion,
        SubjectNameStrategy subjectNameStrategy,
        boolean normalizeSchemas,
        boolean failInvalidSchema) {
    /** Confluent's name of the registry URL property. */
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    /** Confluent's name of the auto-registration property. */
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    /** Confluent's name of the latest-version property. */
    public static final String USE_LATEST_VERSION = "use.latest.version";
    /** Confluent's name of the value subject strategy property. */
    public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";
    /** Confluent's name of the normalization property. */
    public static final String NORMALIZE_SCHEMAS = "normalize.schemas";
    /** Confluent's name of the JSON Schema validation property. */
    public static final String JSON_FAIL_INVALID_SCHEMA = "json.fail.invalid.schema";

    /** The property names {@link #fromProperties} reads. */
    static final Set<String> PROPERTY_NAMES = Set.of(
            SCHEMA_REGISTRY_URL,
            AUTO_REGISTER_SCHEMAS,
            USE_LATEST_VERSION,
            VALUE_SUBJECT_NAME_STRATEGY,
            NORMALIZE_SCHEMAS,
            JSON_FAIL_INVALID_SCHEMA);

    /** Checks the URL and strategy are present. */
    public SchemaSerdeConfig {
        Objects.requireNonNull(registryUrl, SCHEMA_REGISTRY_URL);
        Objects.requireNonNull(subjectNameStrategy, VALUE_SUBJECT_NAME_STRATEGY);
    }

    /** The defaults for the registry at {@code registryUrl}. */
    public static SchemaSerdeConfig forRegistry(String registryUrl) {
        return new SchemaSerdeConfig(registryUrl, true, false, SubjectNameStrategy.TOPIC_RECORD_NAME, false, true);
    }

    /**
     * Reads Confluent's property names; values may be strings or booleans. The registry client's properties ({@link
     * SchemaRegistryClient#fromProperties}) are accepted and ignored, so one map configures both; other names are
     * refused.
     *
     * @throws IllegalArgumentException if {@code schema.registry.url} is missing, a name is unknown, or a value is not
     *     {@code true}/{@code false} or a strategy name, naming the property and the value
     */
    public static SchemaSerdeConfig fromProperties(Map<String, ?> properties) {
        for (String name : properties.keySet()) {
            if (!PROPERTY_NAMES.contains(name) && !RegistryClientProperties.NAMES.contains(name)) {
                throw new IllegalArgumentException(
                        "unknown schema serde property " + name + "; the SDK reads " + String.join(", ", PROPERTY_NAMES)
                                + " and " + String.join(", ", RegistryClientProperties.NAMES));
            }
        }
        Object url = properties.get(SCHEMA_REGISTRY_URL);
        if (url == null) {
            throw new IllegalArgumentException(SCHEMA_REGISTRY_URL + " is required, for example http://localhost:8081");
        }
        SchemaSerdeConfig defaults = forRegistry(url.toString());
        Object strategy = properties.get(VALUE_SUBJECT_NAME_STRATEGY);
        return new SchemaSerdeConfig(
                url.toString(),
                flag(properties, AUTO_REGISTER_SCHEMAS, defaults.autoRegisterSchemas),
                flag(properties, USE_LATEST_VERSION, defaults.useLatestVersion),
                strategy == null ? defaults.subjectNameStrategy : SubjectNameStrategy.parse(strategy.toString()),
                flag(properties, NORMALIZE_SCHEMAS, defaults.normalizeSchemas),
                flag(properties, JSON_FAIL_INVALID_SCHEMA, defaults.failInvalidSchema));
    }

    /** This configuration with {@code auto.register.schemas} set. */
    public SchemaSerdeConfig withAutoRegisterSchemas(boolean autoRegister) {
        return new SchemaSerdeConfig(
                registryUrl, autoRegister, useLatestVersion, subjectNameStrategy, normalizeSchemas, failInvalidSchema);
    }

    /** This configuration with {@code use.latest.version} set. */
    public SchemaSerdeConfig withUseLatestVersion(boolean useLatest) {
        return new SchemaSerdeConfig(
                registryUrl, autoRegisterSchemas, useLatest, subjectNameStrategy, normalizeSchemas, failInvalidSchema);
    }

    /** This configuration with {@code value.subject.name.strategy} set. */
    public SchemaSerdeConfig withSubjectNameStrategy(SubjectNameStrategy strategy) {
        return new SchemaSerdeConfig(
                registryUrl, autoRegisterSchemas, useLatestVersion, strategy, normalizeSchemas, failInvalidSchema);
    }

    /** This configuration with {@code json.fail.invalid.schema} set. */
    public SchemaSerdeConfig withFailInvalidSchema(boolean fail) {
        return new SchemaSerdeConfig(
                registryUrl, autoRegisterSchemas, useLatestVersion, subjectNameStrategy, normalizeSchemas, fail);
    }

    private static boolean flag(Map<String, ?> properties, String name, boolean defaultValue) {
        Object value = properties.get(name);
        if (value == null) {
            return defaultValue;
        }
        String text = value.toString().trim();
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException(name + " must be true or false, was " + value);
    }
}
