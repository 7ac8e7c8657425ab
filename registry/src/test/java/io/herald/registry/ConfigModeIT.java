package io.herald.registry;

import static io.herald.registry.RegistryFixture.avroRecord;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.registry.RegistryClient.Answer;
import io.herald.testkit.HeraldExtension;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /config} and {@code /mode}, global and per subject. Global changes are undone after each test. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConfigModeIT {

    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    @RegisterExtension
    static RegistryExtension registry = new RegistryExtension(herald);

    @AfterEach
    void resetGlobals() {
        registry.client().delete("/config");
        registry.client().put("/mode", Map.of("mode", "READWRITE"));
    }

    @Test
    void globalConfigDefaultsToBackward() {
        assertThat(registry.client().get("/config").text()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
    }

    @Test
    void puttingTheGlobalConfigEchoesItAndChangesIt() {
        Answer put = registry.client().put("/config", Map.of("compatibility", "FULL"));

        assertThat(put.text()).isEqualTo("{\"compatibility\":\"FULL\"}");
        assertThat(registry.client()
                        .get("/config")
                        .json()
                        .path("compatibilityLevel")
                        .asText())
                .isEqualTo("FULL");
    }

    @Test
    void deletingTheGlobalConfigAnswersTheOldOneAndRestoresTheDefault() {
        registry.client().put("/config", Map.of("compatibility", "NONE"));

        Answer deleted = registry.client().delete("/config");

        assertThat(deleted.json().path("compatibilityLevel").asText()).isEqualTo("NONE");
        assertThat(registry.client()
                        .get("/config")
                        .json()
                        .path("compatibilityLevel")
                        .asText())
                .isEqualTo("BACKWARD");
    }

    @Test
    void anInvalidLevelIs42203() {
        Answer answer = registry.client().put("/config", Map.of("compatibility", "SIDEWAYS"));

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.errorCode()).isEqualTo(42203);
    }

    @Test
    void aSubjectWithoutItsOwnConfigIs40408UnlessDefaultToGlobal() {
        registry.client().register("no-config", null, "\"int\"");

        Answer own = registry.client().get("/config/no-config");
        Answer global = registry.client().get("/config/no-config?defaultToGlobal=true");

        assertThat(own.status()).isEqualTo(404);
        assertThat(own.errorCode()).isEqualTo(40408);
        assertThat(global.json().path("compatibilityLevel").asText()).isEqualTo("BACKWARD");
    }

    @Test
    void subjectConfigIsSetReadAndDeleted() {
        assertThat(registry.client()
                        .put("/config/own-config", Map.of("compatibility", "forward"))
                        .text())
                .isEqualTo("{\"compatibility\":\"FORWARD\"}");
        assertThat(registry.client().get("/config/own-config").text())
                .isEqualTo("{\"compatibilityLevel\":\"FORWARD\"}");

        Answer deleted = registry.client().delete("/config/own-config");

        assertThat(deleted.json().path("compatibilityLevel").asText()).isEqualTo("FORWARD");
        assertThat(registry.client().get("/config/own-config").errorCode()).isEqualTo(40408);
    }

    @Test
    void theSubjectLevelDecidesRegistration() {
        registry.client().register("level-none", null, avroRecord("L"));
        registry.client().put("/config/level-none", Map.of("compatibility", "NONE"));

        Answer answer = registry.client().register("level-none", null, "\"string\"");

        assertThat(answer.status()).isEqualTo(200);
    }

    @Test
    void forwardRefusesASchemaTheOldOneCannotRead() {
        registry.client().register("level-forward", null, avroRecord("F", "{\"name\":\"a\",\"type\":\"string\"}"));
        registry.client().put("/config/level-forward", Map.of("compatibility", "FORWARD"));

        // removing a field without a default: old readers miss it
        assertThat(registry.client()
                        .register("level-forward", null, avroRecord("F"))
                        .status())
                .isEqualTo(409);
        // adding a field: old readers skip it
        assertThat(registry.client()
                        .register(
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
        registry.client().register("level-full", null, avroRecord("U"));
        registry.client().put("/config/level-full", Map.of("compatibility", "FULL"));

        assertThat(registry.client()
                        .register("level-full", null, avroRecord("U", "{\"name\":\"b\",\"type\":\"int\"}"))
                        .status())
                .isEqualTo(409);
        assertThat(registry.client()
                        .register(
                                "level-full", null, avroRecord("U", "{\"name\":\"b\",\"type\":\"int\",\"default\":1}"))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void globalModeDefaultsToReadWrite() {
        assertThat(registry.client().get("/mode").text()).isEqualTo("{\"mode\":\"READWRITE\"}");
    }

    @Test
    void aSubjectWithoutItsOwnModeIs40409UnlessDefaultToGlobal() {
        assertThat(registry.client().get("/mode/no-mode").errorCode()).isEqualTo(40409);
        assertThat(registry.client()
                        .get("/mode/no-mode?defaultToGlobal=true")
                        .json()
                        .path("mode")
                        .asText())
                .isEqualTo("READWRITE");
    }

    @Test
    void aReadOnlySubjectRefusesWritesWith42205() {
        registry.client().register("read-only", null, "\"int\"");
        assertThat(registry.client()
                        .put("/mode/read-only", Map.of("mode", "READONLY"))
                        .text())
                .isEqualTo("{\"mode\":\"READONLY\"}");

        Answer register = registry.client().register("read-only", null, "\"long\"");
        Answer delete = registry.client().delete("/subjects/read-only");

        assertThat(register.errorCode()).isEqualTo(42205);
        assertThat(delete.errorCode()).isEqualTo(42205);
        assertThat(registry.client().get("/mode/read-only").json().path("mode").asText())
                .isEqualTo("READONLY");
        assertThat(registry.client()
                        .delete("/mode/read-only")
                        .json()
                        .path("mode")
                        .asText())
                .isEqualTo("READONLY");
        assertThat(registry.client().register("read-only", null, "\"long\"").status())
                .isEqualTo(200);
    }

    @Test
    void anInvalidModeIs42204() {
        assertThat(registry.client().put("/mode", Map.of("mode", "WRITEONLY")).errorCode())
                .isEqualTo(42204);
    }

    @Test
    void importModeNeedsAnEmptySubjectUnlessForced() {
        registry.client().register("import-busy", null, "\"int\"");

        assertThat(registry.client()
                        .put("/mode/import-busy", Map.of("mode", "IMPORT"))
                        .errorCode())
                .isEqualTo(42205);
        assertThat(registry.client()
                        .put("/mode/import-busy?force=true", Map.of("mode", "IMPORT"))
                        .status())
                .isEqualTo(200);
        registry.client().delete("/mode/import-busy");
    }

    @Test
    void importModeKeepsTheGivenIdAndVersion() {
        registry.client().put("/mode/imported", Map.of("mode", "IMPORT"));

        Answer answer = registry.client()
                .post("/subjects/imported/versions", Map.of("schema", "\"string\"", "id", 5000, "version", 7));

        assertThat(answer.json().path("id").asInt()).isEqualTo(5000);
        assertThat(answer.json().path("version").asInt()).isEqualTo(7);
        assertThat(registry.client()
                        .get("/schemas/ids/5000")
                        .json()
                        .path("schema")
                        .asText())
                .isEqualTo("\"string\"");
        registry.client().delete("/mode/imported");
    }
}
