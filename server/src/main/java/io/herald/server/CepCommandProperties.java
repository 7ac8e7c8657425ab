package io.herald.server;

import io.herald.cep.host.CepProperties;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code cep.*} properties of {@code herald cep}, layered as {@code herald server}'s settings are
 * ({@link ServerConfig}), each layer overriding the one before: the defaults, the {@code --config} file
 * ({@code HERALD_CONFIG}), the {@code HERALD_CEP_*} environment ({@link EnvironmentProperties}), {@code --set}.
 *
 * <p>The file may be the one {@code herald server} reads, so its other properties are ignored; the environment's other
 * {@code HERALD_*} variables too (they are the server's). A {@code --set} of another property is refused: only the
 * CEP properties mean anything to this command. A bad value is refused naming the property, the value, what is
 * accepted and where the value came from. Stateless.
 */
final class CepCommandProperties {
    private CepCommandProperties() {}

    /**
     * @param config the {@code --config} file, null when not given
     * @param set the {@code --set} properties, null when none
     * @param env the environment variables
     * @throws ServerConfig.InvalidSettingException when a value is bad, a file cannot be read, or {@code --set} names
     *     a property other than a CEP one
     */
    static CepProperties resolve(Path config, Map<String, String> set, Map<String, String> env) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        Path file =
                config != null ? config : env.get("HERALD_CONFIG") != null ? Path.of(env.get("HERALD_CONFIG")) : null;
        if (file != null) {
            String origin = config != null ? "--config" : "HERALD_CONFIG";
            ServerConfig.readPropertiesFile(file, origin).forEach((property, value) -> {
                if (property.startsWith(CepProperties.PREFIX)) {
                    values.put(property, value);
                    origins.put(property, origin + " " + file);
                }
            });
        }
        new TreeMap<>(env)
                .forEach((variable, value) -> EnvironmentProperties.propertyName(variable)
                        .filter(property -> property.startsWith(CepProperties.PREFIX))
                        .ifPresent(property -> {
                            values.put(property, value);
                            origins.put(property, variable);
                        }));
        if (set != null) {
            new TreeMap<>(set).forEach((property, value) -> {
                if (!property.startsWith(CepProperties.PREFIX)) {
                    throw new ServerConfig.InvalidSettingException("--set " + property + ": herald cep takes CEP"
                            + " properties only (" + String.join(", ", new java.util.TreeSet<>(CepProperties.NAMES))
                            + "); give broker properties to herald server");
                }
                values.put(property, value);
                origins.put(property, "--set " + property);
            });
        }
        try {
            return CepProperties.from(values);
        } catch (IllegalArgumentException e) {
            String property = e.getMessage().split(" ", 2)[0];
            String origin = origins.get(property);
            throw new ServerConfig.InvalidSettingException(
                    e.getMessage() + (origin == null ? "" : "; " + property + " was set by " + origin));
        }
    }
}
