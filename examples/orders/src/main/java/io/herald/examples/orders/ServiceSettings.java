package io.herald.examples.orders;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What every service of the order system is configured with.
 *
 * @param bootstrapServers the Kafka-protocol cluster (Herald or Apache Kafka), {@code host:port[,...]}
 * @param dataDir the parent folder of the services' databases (one sub-folder per service) and of the mailbox
 * @param httpPort the Order service's HTTP port; 0 picks a free one
 * @param paymentFailureRate the share of orders whose payment is declined, in [0, 1]; decided per order id
 * @param schemaRegistryUrl the schema registry every event's JSON Schema is registered in ({@code
 *     schema.registry.url}), e.g. {@code http://localhost:8081}, the one {@code herald server} embeds
 * @param registerSchemas true (dev, demo, tests): each service registers the schemas of the events it publishes
 *     when it starts; false (production): they must be registered beforehand ({@code herald schemas register}), and
 *     a service publishing an event whose schema is missing fails that event, naming the subject
 */
public record ServiceSettings(
        String bootstrapServers,
        Path dataDir,
        int httpPort,
        double paymentFailureRate,
        String schemaRegistryUrl,
        boolean registerSchemas) {
    /** The registry {@code herald server} embeds next to its broker. */
    public static final String DEFAULT_SCHEMA_REGISTRY_URL = "http://localhost:8081";

    /** Checks the values. */
    public ServiceSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers (host:port) is required");
        Objects.requireNonNull(dataDir, "dataDir is required");
        Objects.requireNonNull(schemaRegistryUrl, "schemaRegistryUrl (http://host:port) is required");
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("httpPort must be within [0, 65535], was " + httpPort);
        }
        if (!(paymentFailureRate >= 0 && paymentFailureRate <= 1)) {
            throw new IllegalArgumentException("paymentFailureRate must be within [0, 1], was " + paymentFailureRate);
        }
        if (!schemaRegistryUrl.startsWith("http://") && !schemaRegistryUrl.startsWith("https://")) {
            throw new IllegalArgumentException(
                    "schemaRegistryUrl must be an http(s) URL such as http://localhost:8081, was " + schemaRegistryUrl);
        }
    }

    /**
     * Reads {@code --bootstrap host:port --data DIR --port N --payment-failure-rate R --schema-registry-url URL} (each
     * optional: localhost:9092, ./orders-data, 8080, 0.1, http://localhost:8081) and the flag {@code
     * --register-schemas} (absent: schemas must be registered beforehand), so that every service's {@code main} takes
     * the same arguments.
     */
    public static ServiceSettings fromArgs(String[] args) {
        String bootstrap = "localhost:9092";
        Path dataDir = Path.of("orders-data");
        int port = 8080;
        double failureRate = 0.1;
        String registryUrl = DEFAULT_SCHEMA_REGISTRY_URL;
        boolean registerSchemas = false;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--register-schemas")) {
                registerSchemas = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = args[++i];
            switch (name) {
                case "--bootstrap" -> bootstrap = value;
                case "--data" -> dataDir = Path.of(value);
                case "--port" -> port = Integer.parseInt(value);
                case "--payment-failure-rate" -> failureRate = Double.parseDouble(value);
                case "--schema-registry-url" -> registryUrl = value;
                default ->
                    throw new IllegalArgumentException("unknown option " + name
                            + "; the options are --bootstrap, --data, --port, --payment-failure-rate,"
                            + " --schema-registry-url, --register-schemas");
            }
        }
        return new ServiceSettings(bootstrap, dataDir, port, failureRate, registryUrl, registerSchemas);
    }
}
