package io.herald.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Schemas the service gives for its event types, per type and data version, instead of the generated ones (see
 * {@link JsonSchemaGenerator}). Immutable once built; thread-safe.
 *
 * <pre>{@code
 * EventSchemas schemas = EventSchemas.builder()
 *         .json("OrderPlaced", 2, "/schemas/order-placed-v2.json")            // a classpath resource
 *         .jsonText("Shipped", 1, "{\"title\":\"Shipped\",\"type\":\"object\"}") // or the text itself
 *         .schema("Returned", 1, RegistrySchema.json(text).withReferences(references)) // or one with references
 *         .build();
 * }</pre>
 */
public final class EventSchemas {
    private static final EventSchemas NONE = new EventSchemas(Map.of());

    private final Map<String, RegistrySchema> byTypeAndVersion;

    private EventSchemas(Map<String, RegistrySchema> byTypeAndVersion) {
        this.byTypeAndVersion = byTypeAndVersion;
    }

    /** No schemas given: every event type's schema is generated. */
    public static EventSchemas generated() {
        return NONE;
    }

    /** Starts an empty set. */
    public static Builder builder() {
        return new Builder();
    }

    /** The schema given for {@code type} at {@code version}, or null if it is to be generated. */
    public RegistrySchema given(String type, int version) {
        return byTypeAndVersion.get(type + ":" + version);
    }

    /** Collects schemas; not thread-safe. */
    public static final class Builder {
        private final Map<String, RegistrySchema> byTypeAndVersion = new HashMap<>();

        private Builder() {}

        /**
         * The JSON Schema of {@code type} at {@code version}, read from the classpath resource {@code resource} (an
         * absolute path such as {@code /schemas/order-placed-v2.json}).
         *
         * @throws IllegalArgumentException if the resource does not exist, naming it
         */
        public Builder json(String type, int version, String resource) {
            return jsonText(type, version, readResource(resource));
        }

        /** The JSON Schema of {@code type} at {@code version}, as text. */
        public Builder jsonText(String type, int version, String schema) {
            return put(type, version, RegistrySchema.json(schema));
        }

        /** The Avro schema of {@code type} at {@code version}, read from the classpath resource {@code resource}. */
        public Builder avro(String type, int version, String resource) {
            return avroText(type, version, readResource(resource));
        }

        /** The Avro schema of {@code type} at {@code version}, as text. */
        public Builder avroText(String type, int version, String schema) {
            return put(type, version, RegistrySchema.avro(schema));
        }

        /**
         * The schema of {@code type} at {@code version}, of any type the codec reads, possibly with references to
         * schemas registered under other subjects; for example an Avro record whose field has a type another team
         * registered:
         *
         * <pre>{@code
         * .schema("shop.OrderPlaced", 1, RegistrySchema.avro(orderPlacedText)
         *         .withReferences(List.of(new SchemaReference("shop.Address", "shop.Address", 1))))
         * }</pre>
         */
        public Builder schema(String type, int version, RegistrySchema schema) {
            return put(type, version, schema);
        }

        private Builder put(String type, int version, RegistrySchema schema) {
            if (byTypeAndVersion.putIfAbsent(type + ":" + version, schema) != null) {
                throw new IllegalArgumentException(
                        "a schema for event type " + type + " version " + version + " is given already");
            }
            return this;
        }

        private static String readResource(String resource) {
            // the service's own class loader first: its resources may not be visible to the SDK's
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            String path = resource.startsWith("/") ? resource.substring(1) : resource;
            InputStream found = loader == null ? null : loader.getResourceAsStream(path);
            try (InputStream in = found != null ? found : EventSchemas.class.getResourceAsStream("/" + path)) {
                if (in == null) {
                    throw new IllegalArgumentException("schema resource " + resource + " is not on the classpath;"
                            + " give its absolute path, for example /schemas/order-placed-v1.json");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read schema resource " + resource + ": " + e, e);
            }
        }

        /** The immutable set. */
        public EventSchemas build() {
            return new EventSchemas(Map.copyOf(byTypeAndVersion));
        }
    }
}
