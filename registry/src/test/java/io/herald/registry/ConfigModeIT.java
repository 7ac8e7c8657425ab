package io.herald.registry;

import static io.herald.registry.RegistryFixture.avroRecord;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.registry.RegistryClient.Answer;
import io.herald.testkit.HeraldExtension;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /config} and {@code /mode}, global and per subject. Global changes are undone after each test. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConfigModeIT {

    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    static RegistryFixture fixture;
    static RegistryClient client;

    @BeforeAll
    static void start() {
        fixture = RegistryFixture.start(herald);
        client = fixture.client;
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @AfterEach
    void resetGlobals() {
        client.delete("/config");
        client.put("/mode", Map.of("mode", "READWRITE"));
    }

    @Test
    void globalConfigDefaultsToBackward() {
        assertThat(client.get("/config").text()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
    }

    @Test
    void puttingTheGlobalConfigEchoesItAndChangesIt() {
        Answer put = client.put("/config", Map.of("compatibility", "FULL"));

        assertThat(put.text()).isEqualTo("{\"compatibility\":\"FULL\"}");
        assertThat(client.get("/config").json().path("compatibilityLevel").asText())
                .isEqualTo("FULL");
    }

    @Test
    void deletingTheGlobalConfigAnswersTheOldOneAndRestoresTheDefault() {
        client.put("/config", Map.of("compatibility", "NONE"));

        Answer deleted = client.delete("/config");

        assertThat(deleted.json().path("compatibilityLevel").asText()).isEqualTo("NONE");
        assertThat(client.get("/config").json().path("compatibilityLevel").asText())
                .isEqualTo("BACKWARD");
    }

    @Test
    void anInvalidLevelIs42203() {
        Answer answer = client.put("/config", Map.of("compatibility", "SIDEWAYS"));

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.errorCode()).isEqualTo(42203);
    }

    @Test
    void aSubjectWithoutItsOwnConfigIs40408UnlessDefaultToGlobal() {
        client.register("no-config", null, "\"int\"");

        Answer own = client.get("/config/no-config");
        Answer global = client.get("/config/no-config?defaultToGlobal=true");

        assertThat(own.status()).isEqualTo(404);
        assertThat(own.errorCode()).isEqualTo(40408);
        assertThat(global.json().path("compatibilityLevel").asText()).isEqualTo("BACKWARD");
    }

    @Test
    void subjectConfigIsSetReadAndDeleted() {
        assertThat(client.put("/config/own-config", Map.of("compatibility", "forward"))
                        .text())
                .isEqualTo("{\"compatibility\":\"FORWARD\"}");
        assertThat(client.get("/config/own-config").text()).isEqualTo("{\"compatibilityLevel\":\"FORWARD\"}");

        Answer deleted = client.delete("/config/own-config");

        assertThat(deleted.json().path("compatibilityLevel").asText()).isEqualTo("FORWARD");
        assertThat(client.get("/config/own-config").errorCode()).isEqualTo(40408);
    }

    @Test
    void theSubjectLevelDecidesRegistration() {
        client.register("level-none", null, avroRecord("L"));
        client.put("/config/level-none", Map.of("compatibility", "NONE"));

        Answer answer = client.register("level-none", null, "\"string\"");

        assertThat(answer.status()).isEqualTo(200);
    }

    @Test
    void forwardRefusesASchemaTheOldOneCannotRead() {
        client.register("level-forward", null, avroRecord("F", "{\"name\":\"a\",\"type\":\"string\"}"));
        client.put("/config/level-forward", Map.of("compatibility", "FORWARD"));

        // removing a field without a default: old readers miss it
        assertThat(client.register("level-forward", null, avroRecord("F")).status())
                .isEqualTo(409);
        // adding a field: old readers skip it
        assertThat(client.register(
                                "level-forward",
                                null,
                                avroRecord(
                                        "F",
                                        "{\"name\":\"a\",\"type\":\"string\"}",
                                        "{\"name\":\"b\",\"type\":\"int\"}"))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void fullNeedsBothDirections() {
        client.register("level-full", null, avroRecord("U"));
        client.put("/config/level-full", Map.of("compatibility", "FULL"));

        assertThat(client.register("level-full", null, avroRecord("U", "{\"name\":\"b\",\"type\":\"int\"}"))
                        .status())
                .isEqualTo(409);
        assertThat(client.register(
                                "level-full", null, avroRecord("U", "{\"name\":\"b\",\"type\":\"int\",\"default\":1}"))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void globalModeDefaultsToReadWrite() {
        assertThat(client.get("/mode").text()).isEqualTo("{\"mode\":\"READWRITE\"}");
    }

    @Test
    void aSubjectWithoutItsOwnModeIs40409UnlessDefaultToGlobal() {
        assertThat(client.get("/mode/no-mode").errorCode()).isEqualTo(40409);
        assertThat(client.get("/mode/no-mode?defaultToGlobal=true")
                        .json()
                        .path("mode")
                        .asText())
                .isEqualTo("READWRITE");
    }

    @Test
    void aReadOnlySubjectRefusesWritesWith42205() {
        client.register("read-only", null, "\"int\"");
        assertThat(client.put("/mode/read-only", Map.of("mode", "READONLY")).text())
                .isEqualTo("{\"mode\":\"READONLY\"}");

        Answer register = client.register("read-only", null, "\"long\"");
        Answer delete = client.delete("/subjects/read-only");

        assertThat(register.errorCode()).isEqualTo(42205);
        assertThat(delete.errorCode()).isEqualTo(42205);
        assertThat(client.get("/mode/read-only").json().path("mode").asText()).isEqualTo("READONLY");
        assertThat(client.delete("/mode/read-only").json().path("mode").asText())
                .isEqualTo("READONLY");
        assertThat(client.register("read-only", null, "\"long\"").status()).isEqualTo(200);
    }

    @Test
    void anInvalidModeIs42204() {
        assertThat(client.put("/mode", Map.of("mode", "WRITEONLY")).errorCode()).isEqualTo(42204);
    }

    @Test
    void importModeNeedsAnEmptySubjectUnlessForced() {
        client.register("import-busy", null, "\"int\"");

        assertThat(client.put("/mode/import-busy", Map.of("mode", "IMPORT")).errorCode())
                .isEqualTo(42205);
        assertThat(client.put("/mode/import-busy?force=true", Map.of("mode", "IMPORT"))
                        .status())
                .isEqualTo(200);
        client.delete("/mode/import-busy");
    }

    @Test
    void importModeKeepsTheGivenIdAndVersion() {
        client.put("/mode/imported", Map.of("mode", "IMPORT"));

        Answer answer =
                client.post("/subjects/imported/versions", Map.of("schema", "\"string\"", "id", 5000, "version", 7));

        assertThat(answer.json().path("id").asInt()).isEqualTo(5000);
        assertThat(answer.json().path("version").asInt()).isEqualTo(7);
        assertThat(client.get("/schemas/ids/5000").json().path("schema").asText())
                .isEqualTo("\"string\"");
        client.delete("/mode/imported");
    }
}
