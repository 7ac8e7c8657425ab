package io.herald.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.herald.testkit.HeraldExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The registry as node services see it: Confluent's own client {@code @confluentinc/schemaregistry} and {@code
 * @kafkajs/confluent-schema-registry} (pinned in {@code src/test/js/package-lock.json}) register, serialize, decode
 * and test compatibility through the scripts in {@code src/test/js}. node and the scripts' {@code node_modules} must
 * be installed ({@code .ci/run} does both); if not, the test fails.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class NodeClientsIT {
    private static final long NODE_TIMEOUT_SECONDS = 60;

    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    static RegistryFixture registry;
    static Path scripts;

    @BeforeAll
    static void start() {
        scripts = Path.of(System.getProperty("basedir", "."))
                .resolve("src/test/js")
                .toAbsolutePath();
        for (String module : new String[] {"@confluentinc/schemaregistry", "@kafkajs/confluent-schema-registry"}) {
            if (!Files.isDirectory(scripts.resolve("node_modules").resolve(module))) {
                fail("%s is not installed in %s: run .ci/run, or `npm ci` in that folder", module, scripts);
            }
        }
        registry = RegistryFixture.start(herald);
    }

    @AfterAll
    static void stop() {
        if (registry != null) registry.close();
    }

    @Test
    void confluentsNodeClientRegistersSerializesAndTestsCompatibility() throws Exception {
        Map<String, String> out = node("confluent.js", "cf-");

        String avroId = out.get("avro-id");
        assertThat(out)
                .containsEntry("avro-magic", "0")
                .containsEntry("avro-wire-id", avroId)
                .containsEntry("avro-decoded", "{\"id\":\"o-1\"}")
                .containsEntry("avro-compatible-with-default", "true")
                .containsEntry("avro-compatible-new-required", "false")
                .containsEntry("avro-latest-version", "1")
                .containsEntry("json-wire-id", out.get("json-id"))
                .containsEntry("json-decoded", "{\"sensor\":\"s-1\",\"celsius\":21.5}");
        assertThat(registry.client
                        .get("/subjects/cf-orders-value/versions/1")
                        .json()
                        .path("id")
                        .asText())
                .isEqualTo(avroId);
    }

    @Test
    void kafkajsRegistryClientEncodesAndDecodesAndSharesIdsAcrossSubjects() throws Exception {
        Map<String, String> first = node("kafkajs.js", "kj1-");
        Map<String, String> second = node("kafkajs.js", "kj2-");

        assertThat(first)
                .containsEntry("avro-magic", "0")
                .containsEntry("avro-decoded", "{\"amount\":1250}")
                .containsEntry("avro-latest-id", first.get("avro-id"))
                .containsEntry("json-decoded", "{\"sensor\":\"s-2\"}");
        // the same schema under another subject keeps its global id, as in Confluent's registry
        assertThat(second.get("avro-id")).isEqualTo(first.get("avro-id"));
        assertThat(second.get("json-id")).isEqualTo(first.get("json-id"));
    }

    /** Runs a script with the registry's URL and a subject prefix; its "key value" lines as a map. */
    private static Map<String, String> node(String script, String prefix) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("node", script, "http://127.0.0.1:" + registry.registry.port(), prefix)
                .directory(scripts.toFile())
                .redirectErrorStream(true)
                .start();
        boolean exited = process.waitFor(NODE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!exited) process.destroyForcibly();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(exited)
                .as("node %s finished within %d s: %s", script, NODE_TIMEOUT_SECONDS, output)
                .isTrue();
        assertThat(process.exitValue()).as("node %s: %s", script, output).isZero();
        Map<String, String> results = new LinkedHashMap<>();
        output.lines().filter(line -> line.contains(" ")).forEach(line -> {
            int space = line.indexOf(' ');
            results.put(line.substring(0, space), line.substring(space + 1));
        });
        return results;
    }
}
