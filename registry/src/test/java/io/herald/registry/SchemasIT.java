package io.herald.registry;

import static io.herald.registry.RegistryFixture.avroRecord;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.registry.RegistryClient.Answer;
import io.herald.testkit.HeraldExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /schemas/...} and {@code GET /}. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SchemasIT {

    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    @RegisterExtension
    static RegistryExtension registry = new RegistryExtension(herald);

    @Test
    void rootIsAnEmptyObject() {
        assertThat(registry.client().get("/").text()).isEqualTo("{}");
    }

    @Test
    void schemaByIdHasTheSchemaAndTypeButNoSubject() {
        int id = registry.client()
                .register("by-id", "JSON", "{\"type\":\"integer\"}")
                .json()
                .path("id")
                .asInt();

        Answer answer = registry.client().get("/schemas/ids/" + id);

        assertThat(answer.json().path("schema").asText()).isEqualTo("{\"type\":\"integer\"}");
        assertThat(answer.json().path("schemaType").asText()).isEqualTo("JSON");
        assertThat(answer.json().has("subject")).isFalse();
    }

    @Test
    void schemaByIdAcceptsTheSubjectParameterOfConfluentsSerializers() {
        int id = registry.client()
                .register("with-subject-value", null, "\"float\"")
                .json()
                .path("id")
                .asInt();

        Answer answer = registry.client().get("/schemas/ids/" + id + "?subject=with-subject-value");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("schema").asText()).isEqualTo("\"float\"");
    }

    @Test
    void anUnknownIdIs40403() {
        Answer answer = registry.client().get("/schemas/ids/987654");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.errorCode()).isEqualTo(40403);
        assertThat(registry.client().get("/schemas/ids/987654/schema").errorCode())
                .isEqualTo(40403);
        assertThat(registry.client().get("/schemas/ids/987654/subjects").errorCode())
                .isEqualTo(40403);
    }

    @Test
    void rawSchemaById() {
        int id = registry.client()
                .register("raw-id", null, avroRecord("RawId"))
                .json()
                .path("id")
                .asInt();

        assertThat(registry.client()
                        .get("/schemas/ids/" + id + "/schema")
                        .json()
                        .path("name")
                        .asText())
                .isEqualTo("RawId");
    }

    @Test
    void subjectsAndVersionsOfAnId() {
        int id = registry.client()
                .register("id-users-a", null, avroRecord("Shared"))
                .json()
                .path("id")
                .asInt();
        registry.client().register("id-users-b", null, avroRecord("Shared"));

        assertThat(registry.client().get("/schemas/ids/" + id + "/subjects").text())
                .isEqualTo("[\"id-users-a\",\"id-users-b\"]");
        assertThat(registry.client().get("/schemas/ids/" + id + "/versions").text())
                .isEqualTo("[{\"subject\":\"id-users-a\",\"version\":1},{\"subject\":\"id-users-b\",\"version\":1}]");
    }

    @Test
    void schemasListsVersionsWithPrefixAndLatestOnly() {
        registry.client().register("all-x", null, avroRecord("All"));
        registry.client().register("all-x", null, avroRecord("All", "{\"name\":\"b\",\"type\":\"int\",\"default\":0}"));

        Answer all = registry.client().get("/schemas?subjectPrefix=all-");
        Answer latest = registry.client().get("/schemas?subjectPrefix=all-&latestOnly=true");

        assertThat(all.json()).hasSize(2);
        assertThat(latest.json()).hasSize(1);
        assertThat(latest.json().get(0).path("version").asInt()).isEqualTo(2);
    }

    @Test
    void typesAreTheParsedOnes() {
        assertThat(registry.client().get("/schemas/types").text()).isEqualTo("[\"JSON\",\"PROTOBUF\",\"AVRO\"]");
    }
}
