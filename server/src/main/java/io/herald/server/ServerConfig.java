package io.herald.server;

import io.herald.broker.BrokerConfig;
import io.herald.cep.host.CepProperties;
import io.herald.log.InvalidConfigException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The settings of {@code herald server}, resolved from four layers, each overriding the one before it:
 *
 * <ol>
 *   <li>the defaults: {@code log.dirs=data}, {@code listeners=PLAINTEXT://127.0.0.1:9092}, {@code http.port=8080},
 *       {@code registry.port=8081}, and the {@code cep.*} properties' defaults ({@link CepProperties});
 *   <li>the {@code --config} file ({@code HERALD_CONFIG}), Kafka-style {@code .properties};
 *   <li>the {@code HERALD_*} environment ({@link EnvironmentProperties});
 *   <li>the command line.
 * </ol>
 *
 * <p>Within the environment and the command line, the named options ({@code --data-dir}, {@code --port},
 * {@code HERALD_DATA_DIR}, {@code HERALD_PORT}, ...) override generic properties of the same layer
 * ({@code --set listeners=...}, {@code HERALD_LISTENERS}). {@code --port} changes only the port of {@code listeners},
 * keeping the host a lower layer gave it (127.0.0.1 by default).
 *
 * @param broker the broker's configuration, its data directory absolute
 * @param httpPort {@code http.port}: the HTTP API port (the rules API now; the console, gateway and metrics later)
 * @param registryPort {@code registry.port}: the schema registry port
 * @param cep the {@code cep.*} properties: the rule host's checkpoint topic and interval and restart backoff
 * @param properties every property after the layers were applied
 * @param origins where each property's value came from ({@code "default"}, {@code "--set"}, {@code "HERALD_PORT"})
 */
record ServerConfig(
        BrokerConfig broker,
        int httpPort,
        int registryPort,
        CepProperties cep,
        Map<String, String> properties,
        Map<String, String> origins) {

    static final String HTTP_PORT = "http.port";
    static final String REGISTRY_PORT = "registry.port";

    /**
     * The command-line options as given, {@code null} where absent.
     *
     * @param set the {@code --set key=value} properties
     */
    record Options(
            Path config, Path dataDir, Integer port, Integer httpPort, Integer registryPort, Map<String, String> set) {
        Options {
            set = set == null ? Map.of() : Map.copyOf(set);
        }

        static Options none() {
            return new Options(null, null, null, null, null, Map.of());
        }
    }

    /** A setting with a bad value; the message names it, the value and what to do. */
    static final class InvalidSettingException extends RuntimeException {
        InvalidSettingException(String message) {
            super(message);
        }
    }

    static ServerConfig resolve(Options cli, Map<String, String> env) {
        Layers layers = new Layers();
        layers.put("log.dirs", "data", "default");
        layers.put("listeners", "PLAINTEXT://127.0.0.1:9092", "default");
        layers.put(HTTP_PORT, "8080", "default");
        layers.put(REGISTRY_PORT, "8081", "default");

        if (cli.config() != null) {
            layers.putFile(cli.config(), "--config");
        } else if (env.get("HERALD_CONFIG") != null) {
            layers.putFile(Path.of(env.get("HERALD_CONFIG")), "HERALD_CONFIG");
        }

        new TreeMap<>(env)
                .forEach((variable, value) -> EnvironmentProperties.propertyName(variable)
                        .ifPresent(property -> layers.put(property, value, variable)));
        if (env.get("HERALD_DATA_DIR") != null) layers.put("log.dirs", env.get("HERALD_DATA_DIR"), "HERALD_DATA_DIR");
        if (env.get("HERALD_PORT") != null) layers.putPort(port("HERALD_PORT", env.get("HERALD_PORT")), "HERALD_PORT");

        cli.set().forEach((property, value) -> layers.put(property, value, "--set " + property));
        if (cli.dataDir() != null) layers.put("log.dirs", cli.dataDir().toString(), "--data-dir");
        if (cli.port() != null) layers.putPort(port("--port", cli.port().toString()), "--port");
        if (cli.httpPort() != null) layers.put(HTTP_PORT, cli.httpPort().toString(), "--http-port");
        if (cli.registryPort() != null)
            layers.put(REGISTRY_PORT, cli.registryPort().toString(), "--registry-port");

        return layers.toConfig();
    }

    /** Parses a port number, 0..65535 (0 picks a free port), naming {@code source} when it is not one. */
    static int port(String source, String value) {
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 0 && port <= 65535) return port;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidSettingException(
                source + " must be a port number from 0 to 65535 (0 picks a free port), was '" + value + "'");
    }

    /**
     * The properties of a Kafka-style {@code .properties} file, names and values trimmed, sorted by name.
     *
     * @param origin the option or variable that named the file, for the message when it cannot be read
     */
    static SortedMap<String, String> readPropertiesFile(Path file, String origin) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new InvalidSettingException(
                    origin + " " + file + ": no such file; give the path of a Kafka-style" + " .properties file");
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidSettingException(origin + " " + file + ": cannot read it (" + e.getMessage() + ")");
        }
        SortedMap<String, String> read = new TreeMap<>();
        properties.forEach(
                (key, value) -> read.put(key.toString().trim(), value.toString().trim()));
        return read;
    }

    /** The properties of the layers applied so far, and where each came from. */
    private static final class Layers {
        private final Map<String, String> values = new LinkedHashMap<>();
        private final Map<String, String> origins = new LinkedHashMap<>();

        void put(String property, String value, String origin) {
            if (property.isBlank()) {
                throw new InvalidSettingException(
                        origin + " needs a property name, as in --set log.retention.ms=60000");
            }
            values.put(property, value);
            origins.put(property, origin);
        }

        void putPort(int port, String origin) {
            String listeners = values.get("listeners");
            int colon = listeners.lastIndexOf(':');
            boolean hasPort = colon >= 0 && listeners.indexOf('/', colon) < 0;
            put(
                    "listeners",
                    hasPort ? listeners.substring(0, colon + 1) + port : "PLAINTEXT://127.0.0.1:" + port,
                    origin);
        }

        void putFile(Path file, String origin) {
            String source = origin + " " + file;
            readPropertiesFile(file, origin).forEach((key, value) -> put(key, value, source));
        }

        ServerConfig toConfig() {
            int httpPort = port(describe(HTTP_PORT), values.get(HTTP_PORT));
            int registryPort = port(describe(REGISTRY_PORT), values.get(REGISTRY_PORT));
            BrokerConfig broker;
            try {
                // the HTTP ports are the server's own; the broker warns about properties it does not know
                Map<String, String> brokerValues = new java.util.HashMap<>(values);
                brokerValues.remove(HTTP_PORT);
                brokerValues.remove(REGISTRY_PORT);
                brokerValues.keySet().removeIf(property -> property.startsWith(CepProperties.PREFIX));
                broker = BrokerConfig.fromProperties(brokerValues);
            } catch (InvalidConfigException e) {
                throw new InvalidSettingException(e.getMessage() + originNote(e.getMessage()));
            }
            broker = broker.withDataDir(broker.dataDir().toAbsolutePath().normalize());
            requireDistinct(broker.port(), "listeners", httpPort, HTTP_PORT);
            requireDistinct(broker.port(), "listeners", registryPort, REGISTRY_PORT);
            requireDistinct(httpPort, HTTP_PORT, registryPort, REGISTRY_PORT);
            CepProperties cep;
            try {
                cep = CepProperties.from(values);
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(e.getMessage() + originNote(e.getMessage()));
            }
            return new ServerConfig(broker, httpPort, registryPort, cep, Map.copyOf(values), Map.copyOf(origins));
        }

        private void requireDistinct(int port, String property, int otherPort, String otherProperty) {
            if (port != 0 && port == otherPort) {
                throw new InvalidSettingException(describe(otherProperty) + " is " + otherPort + ", the port of "
                        + describe(property) + " too; give each its own port");
            }
        }

        /** {@code "http.port (from --http-port)"}. */
        private String describe(String property) {
            String origin = origins.get(property);
            return origin.equals("default") ? property : property + " (from " + origin + ")";
        }

        /** Which layer set the property a {@link BrokerConfig} message starts with, when one did. */
        private String originNote(String message) {
            String named = message.split(" ", 2)[0];
            for (Map.Entry<String, String> entry : origins.entrySet()) {
                String property = entry.getKey();
                boolean matches = property.equals(named) || property.endsWith("." + named);
                if (matches && !entry.getValue().equals("default")) {
                    return "; " + property + " was set by " + entry.getValue();
                }
            }
            return "";
        }
    }
}
