package io.herald.server.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.Broker;
import io.herald.broker.BrokerConfig;
import io.herald.registry.RegistryConfig;
import io.herald.registry.SchemaRegistry;
import io.herald.server.HeraldCli;
import io.herald.server.HeraldCli.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code herald schemas} against Herald's registry on an in-process broker, each test with its own subjects. */
@Timeout(120)
class SchemasCommandIT {
    private static final String ORDER_V1 = """
            {"type":"record","name":"Order","namespace":"com.acme","fields":[{"name":"id","type":"string"}]}""";
    private static final String ORDER_V2_OPTIONAL = """
            {"type":"record","name":"Order","namespace":"com.acme","fields":[{"name":"id","type":"string"},
             {"name":"note","type":"string","default":""}]}""";
    private static final String ORDER_V2_REQUIRED = """
            {"type":"record","name":"Order","namespace":"com.acme","fields":[{"name":"id","type":"string"},
             {"name":"amount","type":"long"}]}""";

    @TempDir
    static Path dataDir;

    @TempDir
    static Path files;

    static Broker broker;
    static SchemaRegistry registry;
    static HeraldCli cli;

    @BeforeAll
    static void start() {
        broker = Broker.start(BrokerConfig.fromProperties(Map.of("listeners", "PLAINTEXT://127.0.0.1:0"))
                .withDataDir(dataDir));
        registry = SchemaRegistry.start(RegistryConfig.fromProperties(Map.of(
                RegistryConfig.LISTENERS,
                "http://127.0.0.1:0",
                RegistryConfig.BOOTSTRAP_SERVERS,
                broker.bootstrapServers())));
        cli = HeraldCli.create()
                .withEnvironment(Map.of("HERALD_SCHEMA_REGISTRY_URL", "http://127.0.0.1:" + registry.port()));
    }

    @AfterAll
    static void stop() {
        if (registry != null) registry.close();
        if (broker != null) broker.close();
    }

    @Test
    void registeringTheSameSchemaTwiceGivesTheSameIdAndVersion() throws IOException {
        Path v1 = file("order.avsc", ORDER_V1);

        Result first = cli.run("schemas", "register", "reg-value", "--schema", v1.toString());
        Result again = cli.run("schemas", "register", "reg-value", "--schema", v1.toString());

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).matches("Registered reg-value version 1, schema id \\d+\\R");
        assertThat(again.out()).isEqualTo(first.out());
    }

    @Test
    void checkPassesACompatibleChangeAndFailsAnIncompatibleOneWithTheReason() throws IOException {
        cli.run(
                "schemas",
                "register",
                "check-value",
                "--schema",
                file("v1.avsc", ORDER_V1).toString());

        Result compatible = cli.run(
                "schemas",
                "check",
                "check-value",
                "--schema",
                file("v2a.avsc", ORDER_V2_OPTIONAL).toString());
        Result incompatible = cli.run(
                "schemas",
                "check",
                "check-value",
                "--schema",
                file("v2b.avsc", ORDER_V2_REQUIRED).toString());

        assertThat(compatible.exitCode())
                .as(compatible.out() + compatible.err())
                .isZero();
        assertThat(compatible.out()).startsWith("compatible with check-value");
        assertThat(incompatible.exitCode()).isEqualTo(1);
        assertThat(incompatible.out())
                .startsWith("NOT compatible with check-value:")
                .contains("amount");
    }

    @Test
    void listAndGetShowWhatWasRegisteredWithItsType() throws IOException {
        cli.run(
                "schemas",
                "register",
                "list-value",
                "--schema",
                file("o.avsc", ORDER_V1).toString());
        cli.run(
                "schemas",
                "register",
                "list-json-value",
                "--schema",
                file("o.json", "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"}}}")
                        .toString());

        Result list = cli.run("schemas", "list", "--prefix", "list-");
        Result get = cli.run("schemas", "get", "list-json-value");

        assertThat(list.out().lines().toList()).first().asString().matches("SUBJECT +VERSIONS +LATEST-ID +TYPE");
        assertThat(list.out())
                .containsPattern("list-json-value +1 +\\d+ +JSON")
                .containsPattern("list-value +1 +\\d+ +AVRO");
        assertThat(get.out()).contains("\"properties\"");
    }

    @Test
    void configShowsTheDefaultAndSetsASubjectsLevel() {
        Result defaults = cli.run("schemas", "config");
        Result set = cli.run("schemas", "config", "cfg-value", "--compatibility", "full");
        Result shown = cli.run("schemas", "config", "cfg-value");

        assertThat(defaults.out()).isEqualToIgnoringNewLines("default: compatibility BACKWARD");
        assertThat(set.out()).isEqualToIgnoringNewLines("cfg-value: compatibility FULL");
        assertThat(shown.out()).isEqualToIgnoringNewLines("cfg-value: compatibility FULL");
    }

    @Test
    void aRegistryErrorIsShownWithItsCode() {
        Result missing = cli.run("schemas", "get", "no-such-subject");

        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("40401");
    }

    @Test
    void anUnreachableRegistrySaysWhereItLookedAndWhatToDo() {
        Result result = HeraldCli.create().run("schemas", "list", "--schema-registry-url", "http://127.0.0.1:1");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .contains("no schema registry answers at http://127.0.0.1:1")
                .contains("herald registry");
    }

    private static Path file(String name, String text) throws IOException {
        Path dir = Files.createTempDirectory(files, "schema");
        return Files.writeString(dir.resolve(name), text);
    }
}
