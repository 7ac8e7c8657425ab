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
 */
public record ServiceSettings(String bootstrapServers, Path dataDir, int httpPort, double paymentFailureRate) {
    /** Checks the values. */
    public ServiceSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers (host:port) is required");
        Objects.requireNonNull(dataDir, "dataDir is required");
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("httpPort must be within [0, 65535], was " + httpPort);
        }
        if (!(paymentFailureRate >= 0 && paymentFailureRate <= 1)) {
            throw new IllegalArgumentException("paymentFailureRate must be within [0, 1], was " + paymentFailureRate);
        }
    }

    /**
     * Reads {@code --bootstrap host:port --data DIR --port N --payment-failure-rate R} (each optional: localhost:9092,
     * ./orders-data, 8080, 0.1), so that every service's {@code main} takes the same arguments.
     */
    public static ServiceSettings fromArgs(String[] args) {
        String bootstrap = "localhost:9092";
        Path dataDir = Path.of("orders-data");
        int port = 8080;
        double failureRate = 0.1;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = args[++i];
            switch (name) {
                case "--bootstrap" -> bootstrap = value;
                case "--data" -> dataDir = Path.of(value);
                case "--port" -> port = Integer.parseInt(value);
                case "--payment-failure-rate" -> failureRate = Double.parseDouble(value);
                default ->
                    throw new IllegalArgumentException("unknown option " + name
                            + "; the options are --bootstrap, --data, --port, --payment-failure-rate");
            }
        }
        return new ServiceSettings(bootstrap, dataDir, port, failureRate);
    }
}
