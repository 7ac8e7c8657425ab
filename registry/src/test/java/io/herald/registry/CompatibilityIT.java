package io.herald.registry;

import static io.herald.registry.RegistryFixture.avroRecord;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.registry.RegistryClient.Answer;
import io.herald.testkit.HeraldExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code POST /compatibility/subjects/{s}/versions[/{v}]}, Avro and JSON Schema. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CompatibilityIT {

    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    @RegisterExtension
    static RegistryExtension registry = new RegistryExtension(herald);

    private static final String ADD_WITH_DEFAULT = "{\"name\":\"b\",\"type\":\"int\",\"default\":0}";
    private static final String ADD_WITHOUT_DEFAULT = "{\"name\":\"b\",\"type\":\"int\"}";

    @Test
    void aCompatibleSchemaAgainstLatest() {
        registry.client().register("compat-ok", null, avroRecord("C"));

        Answer answer = registry.client()
                .post(
                        "/compatibility/subjects/compat-ok/versions/latest",
                        Map.of("schema", avroRecord("C", ADD_WITH_DEFAULT)));

        assertThat(answer.text()).isEqualTo("{\"is_compatible\":true}");
    }

    @Test
    void anIncompatibleSchemaWithVerboseMessages() {
        registry.client().register("compat-bad", null, avroRecord("C"));

        Answer plain = registry.client()
                .post(
                        "/compatibility/subjects/compat-bad/versions/1",
                        Map.of("schema", avroRecord("C", ADD_WITHOUT_DEFAULT)));
        Answer verbose = registry.client()
                .post(
                        "/compatibility/subjects/compat-bad/versions/1?verbose=true",
                        Map.of("schema", avroRecord("C", ADD_WITHOUT_DEFAULT)));

        assertThat(plain.text()).isEqualTo("{\"is_compatible\":false}");
        assertThat(verbose.json().path("is_compatible").asBoolean()).isFalse();
        assertThat(verbose.json().path("messages").toString()).contains("READER_FIELD_MISSING_DEFAULT_VALUE");
    }

    @Test
    void latestOfASubjectWithoutVersionsIsCompatible() {
        Answer answer = registry.client()
                .post("/compatibility/subjects/compat-empty/versions/latest", Map.of("schema", "\"int\""));

        assertThat(answer.json().path("is_compatible").asBoolean()).isTrue();
    }

    @Test
    void aMissingVersionIs40402AndAMissingSubject40401() {
        registry.client().register("compat-missing", null, "\"int\"");

        assertThat(registry.client()
                        .post("/compatibility/subjects/compat-missing/versions/5", Map.of("schema", "\"int\""))
                        .errorCode())
                .isEqualTo(40402);
        assertThat(registry.client()
                        .post("/compatibility/subjects/compat-nobody/versions/5", Map.of("schema", "\"int\""))
                        .errorCode())
                .isEqualTo(40401);
    }

    @Test
    void anInvalidSchemaIs42201() {
        assertThat(registry.client()
                        .post("/compatibility/subjects/x/versions/latest", Map.of("schema", "{\"type\":\"nope\"}"))
                        .errorCode())
                .isEqualTo(42201);
    }

    @Test
    void transitiveChecksEveryLiveVersion() {
        // v1 has a string field a; v2 drops it; v3 brings a back as an int: readable from v2, not from v1
        registry.client().register("compat-trans", null, avroRecord("T", "{\"name\":\"a\",\"type\":\"string\"}"));
        registry.client().register("compat-trans", null, avroRecord("T"));
        String v3 = avroRecord("T", "{\"name\":\"a\",\"type\":\"int\",\"default\":0}");

        Answer plain = registry.client().post("/compatibility/subjects/compat-trans/versions", Map.of("schema", v3));
        registry.client().put("/config/compat-trans", Map.of("compatibility", "BACKWARD_TRANSITIVE"));
        Answer transitive =
                registry.client().post("/compatibility/subjects/compat-trans/versions", Map.of("schema", v3));

        assertThat(plain.json().path("is_compatible").asBoolean()).isTrue();
        assertThat(transitive.json().path("is_compatible").asBoolean()).isFalse();
    }

    @Test
    void jsonSchemaPropertyAddedToAnOpenModelIsIncompatible() {
        registry.client()
                .register("compat-json", "JSON", "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}");

        Answer open = registry.client()
                .post(
                        "/compatibility/subjects/compat-json/versions/latest?verbose=true",
                        Map.of(
                                "schemaType", "JSON",
                                "schema",
                                        "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},\"b\":{\"type\":\"integer\"}}}"));

        assertThat(open.json().path("is_compatible").asBoolean()).isFalse();
        assertThat(open.json().path("messages").toString()).contains("OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL");
    }

    @Test
    void jsonSchemaReferencesResolveForCompatibility() {
        registry.client().put("/config/address-json", Map.of("compatibility", "NONE"));
        registry.client()
                .register(
                        "address-json", "JSON", "{\"type\":\"object\",\"properties\":{\"zip\":{\"type\":\"number\"}}}");
        registry.client()
                .register(
                        "address-json",
                        "JSON",
                        "{\"type\":\"object\",\"properties\":{\"zip\":{\"type\":\"integer\"}}}");
        String customer = "{\"type\":\"object\",\"properties\":{\"home\":{\"$ref\":\"address.json\"}}}";
        registry.client().put("/config/customer-json", Map.of("compatibility", "BACKWARD"));
        Answer v1 = registry.client()
                .post(
                        "/subjects/customer-json/versions",
                        Map.of(
                                "schemaType",
                                "JSON",
                                "schema",
                                customer,
                                "references",
                                List.of(Map.of("name", "address.json", "subject", "address-json", "version", 1))));

        // the same text pointing at address version 2, where zip narrowed from number to integer
        Answer check = registry.client()
                .post(
                        "/compatibility/subjects/customer-json/versions/latest?verbose=true",
                        Map.of(
                                "schemaType",
                                "JSON",
                                "schema",
                                customer,
                                "references",
                                List.of(Map.of("name", "address.json", "subject", "address-json", "version", 2))));

        assertThat(v1.status()).isEqualTo(200);
        assertThat(check.status()).isEqualTo(200);
        assertThat(check.json().path("is_compatible").asBoolean()).isFalse();
        assertThat(check.json().path("messages").toString()).contains("TYPE_NARROWED", "zip");
    }

    @Test
    void forwardTransitiveChecksEveryLiveVersion() {
        // v1's reader needs field a (no default), v2's has a default for it: data without a is readable by v2's
        // reader only, so dropping a passes FORWARD (latest) and fails FORWARD_TRANSITIVE (v1 too)
        registry.client().put("/config/compat-fwd", Map.of("compatibility", "FORWARD_TRANSITIVE"));
        registry.client().register("compat-fwd", null, avroRecord("W", "{\"name\":\"a\",\"type\":\"int\"}"));
        registry.client()
                .register("compat-fwd", null, avroRecord("W", "{\"name\":\"a\",\"type\":\"int\",\"default\":0}"));

        Answer dropA = registry.client()
                .post("/compatibility/subjects/compat-fwd/versions", Map.of("schema", avroRecord("W")));
        registry.client().put("/config/compat-fwd", Map.of("compatibility", "FORWARD"));
        Answer dropAPlain = registry.client()
                .post("/compatibility/subjects/compat-fwd/versions", Map.of("schema", avroRecord("W")));

        assertThat(dropA.json().path("is_compatible").asBoolean()).isFalse();
        assertThat(dropAPlain.json().path("is_compatible").asBoolean()).isTrue();
    }

    @Test
    void aDifferentSchemaTypeIsIncompatible() {
        registry.client().register("compat-type", null, "\"string\"");

        Answer answer = registry.client()
                .post(
                        "/compatibility/subjects/compat-type/versions/latest",
                        Map.of("schemaType", "JSON", "schema", "{\"type\":\"string\"}"));

        assertThat(answer.json().path("is_compatible").asBoolean()).isFalse();
    }
}
