package io.herald.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.registry.RegistryClient.Answer;
import io.herald.testkit.HeraldExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code normalize} as Confluent does it, for each schema type: without it the canonical text is stored and matched
 * (the order the text had counts where the type's canonical form keeps it); with it ({@code ?normalize=true}, or the
 * subject's or the registry's {@code normalize} config) the normalized text is stored, answered by GET and matched.
 * And Confluent's other rule of sameness: an Avro schema sent with its references written in place.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NormalizeIT {

    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    @RegisterExtension
    static RegistryExtension registry = new RegistryExtension(herald);

    private static final String AVRO_AB = "{\"type\":\"record\",\"name\":\"R\",\"a\":1,\"b\":2,\"fields\":[]}";
    private static final String AVRO_BA = "{\"type\":\"record\",\"name\":\"R\",\"b\":2,\"a\":1,\"fields\":[]}";
    /** Avro's canonical text: its own keys in its own order, then the properties in the order written. */
    private static final String AVRO_AB_STORED = "{\"type\":\"record\",\"name\":\"R\",\"fields\":[],\"a\":1,\"b\":2}";

    private static final String AVRO_BA_STORED = "{\"type\":\"record\",\"name\":\"R\",\"fields\":[],\"b\":2,\"a\":1}";
    private static final String ADDRESS = "{\"type\":\"record\",\"name\":\"Address\",\"namespace\":\"x\","
            + "\"fields\":[{\"name\":\"city\",\"type\":\"string\"}]}";
    private static final String JSON_TP =
            "{\"type\":\"object\",\"properties\":{\"b\":{\"type\":\"string\"},\"a\":{\"type\":\"integer\"}}}";
    private static final String JSON_PT =
            "{\"properties\":{\"a\":{\"type\":\"integer\"},\"b\":{\"type\":\"string\"}},\"type\":\"object\"}";
    private static final String PROTO_12 =
            "syntax = \"proto3\"; package p; message M { string a = 1; N n = 2; } message N {}";
    private static final String PROTO_21 =
            "syntax = \"proto3\"; package p; message M { .p.N n = 2; string a = 1; } message N {}";

    private static Answer register(String subject, String type, String schema, boolean normalize) {
        return registry.client()
                .post(
                        "/subjects/" + subject + "/versions" + (normalize ? "?normalize=true" : ""),
                        RegistryClient.schemaBody(type, schema));
    }

    private static Answer lookup(String subject, String type, String schema, boolean normalize) {
        return registry.client()
                .post(
                        "/subjects/" + subject + (normalize ? "?normalize=true" : ""),
                        RegistryClient.schemaBody(type, schema));
    }

    private static String stored(String subject, int version) {
        return registry.client()
                .get("/subjects/" + subject + "/versions/" + version + "/schema")
                .text();
    }

    @Test
    void withoutNormalizeTheCanonicalTextIsStoredAndOrderCountsWhereItKeepsIt() {
        Answer avro = register("plain-avro", null, AVRO_AB, false);
        Answer avroReordered = register("plain-avro", null, AVRO_BA, false);
        Answer json = register("plain-json", "JSON", JSON_TP, false);
        Answer jsonReordered = register("plain-json", "JSON", JSON_PT, false);
        Answer proto = register("plain-proto", "PROTOBUF", PROTO_12, false);
        Answer protoReordered = register("plain-proto", "PROTOBUF", PROTO_21, false);

        assertThat(List.of(avro, json, proto))
                .allMatch(a -> a.json().path("version").asInt() == 1);
        assertThat(List.of(avroReordered, jsonReordered, protoReordered))
                .allMatch(a -> a.json().path("version").asInt() == 2);
        assertThat(stored("plain-json", 1)).isEqualTo(JSON_TP);
        assertThat(stored("plain-avro", 2)).isEqualTo(AVRO_BA_STORED);
    }

    @Test
    void withNormalizeTheNormalizedTextIsStoredAndAnsweredByGet() {
        register("norm-avro", null, AVRO_BA, true);
        register("norm-json", "JSON", JSON_TP, true);
        register("norm-proto", "PROTOBUF", PROTO_21, true);

        assertThat(stored("norm-avro", 1)).isEqualTo(AVRO_AB_STORED);
        assertThat(stored("norm-json", 1)).isEqualTo(JSON_PT);
        assertThat(stored("norm-proto", 1)).containsSubsequence("string a = 1;", ".p.N n = 2;");
    }

    @Test
    void withNormalizeASchemaInAnotherOrderIsTheSameVersionAndId() {
        for (String[] pair : new String[][] {
            {"again-avro", null, AVRO_AB, AVRO_BA},
            {"again-json", "JSON", JSON_TP, JSON_PT},
            {"again-proto", "PROTOBUF", PROTO_12, PROTO_21}
        }) {
            Answer first = register(pair[0], pair[1], pair[2], true);
            Answer second = register(pair[0], pair[1], pair[3], true);

            assertThat(second.json().path("version").asInt()).as(pair[0]).isEqualTo(1);
            assertThat(second.json().path("id"))
                    .as(pair[0])
                    .isEqualTo(first.json().path("id"));
        }
    }

    @Test
    void lookupMatchesTheNormalizedFormOnlyWhenAskedTo() {
        register("lookup-json", "JSON", JSON_TP, true);

        Answer asIs = lookup("lookup-json", "JSON", JSON_TP, false);
        Answer normalized = lookup("lookup-json", "JSON", JSON_TP, true);
        Answer otherOrderNormalized = lookup("lookup-json", "JSON", JSON_PT, true);

        assertThat(asIs.errorCode()).isEqualTo(40403);
        assertThat(normalized.json().path("version").asInt()).isEqualTo(1);
        assertThat(otherOrderNormalized.json().path("version").asInt()).isEqualTo(1);
        assertThat(otherOrderNormalized.json().path("schema").asText()).isEqualTo(JSON_PT);
    }

    @Test
    void aNormalizedLookupDoesNotFindASchemaStoredUnnormalizedAsInConfluent() {
        register("lookup-plain", "JSON", JSON_TP, false);

        assertThat(lookup("lookup-plain", "JSON", JSON_TP, false)
                        .json()
                        .path("version")
                        .asInt())
                .isEqualTo(1);
        assertThat(lookup("lookup-plain", "JSON", JSON_TP, true).errorCode()).isEqualTo(40403);
    }

    @Test
    void theSubjectsNormalizeConfigNormalizesWithoutTheQueryParameter() {
        Answer put = registry.client().put("/config/config-norm", Map.of("normalize", true));
        Answer get = registry.client().get("/config/config-norm");
        register("config-norm", "JSON", JSON_TP, false);
        Answer again = register("config-norm", "JSON", JSON_PT, false);
        Answer level = registry.client().put("/config/config-norm", Map.of("compatibility", "NONE"));

        assertThat(put.text()).isEqualTo("{\"normalize\":true}");
        assertThat(get.text()).isEqualTo("{\"normalize\":true}");
        assertThat(stored("config-norm", 1)).isEqualTo(JSON_PT);
        assertThat(again.json().path("version").asInt()).isEqualTo(1);
        assertThat(level.text()).isEqualTo("{\"normalize\":true,\"compatibility\":\"NONE\"}");
    }

    @Test
    void theRegistrysNormalizeConfigAppliesToSubjectsWithoutTheirOwn() {
        try {
            registry.client().put("/config", Map.of("normalize", true));
            Answer global = registry.client().get("/config");

            register("global-norm", null, AVRO_BA, false);

            assertThat(global.json().path("normalize").asBoolean()).isTrue();
            assertThat(global.json().path("compatibilityLevel").asText()).isEqualTo("BACKWARD");
            assertThat(stored("global-norm", 1)).isEqualTo(AVRO_AB_STORED);
        } finally {
            registry.client().delete("/config");
        }
        assertThat(registry.client().get("/config").text()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
    }

    @Test
    void anAvroSchemaWithItsReferencesWrittenInPlaceFindsTheVersionThatReferencesThem() {
        register("inline-address", null, ADDRESS, false);
        Answer user = registry.client()
                .post(
                        "/subjects/inline-user/versions",
                        Map.of(
                                "schema",
                                "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"x\","
                                        + "\"fields\":[{\"name\":\"home\",\"type\":\"Address\"}]}",
                                "references",
                                List.of(Map.of("name", "x.Address", "subject", "inline-address", "version", 1))));
        String whole = "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"x\",\"fields\":[{\"name\":\"home\","
                + "\"type\":" + ADDRESS + "}]}";

        Answer found = lookup("inline-user", null, whole, false);
        Answer reRegistered = register("inline-user", null, whole, false);
        Answer otherDoc = lookup("inline-user", null, whole.replace("\"city\"", "\"city\",\"doc\":\"d\""), false);

        assertThat(found.json().path("version").asInt()).isEqualTo(1);
        assertThat(found.json().path("id")).isEqualTo(user.json().path("id"));
        assertThat(reRegistered.json().path("version").asInt()).isEqualTo(1);
        assertThat(otherDoc.errorCode()).isEqualTo(40403);
    }

    @Test
    void importModeStoresTheTextAsGivenEvenWhenNormalizeIsAsked() {
        registry.client().put("/mode/import-norm", Map.of("mode", "IMPORT"));

        Answer imported = registry.client()
                .post(
                        "/subjects/import-norm/versions?normalize=true",
                        Map.of("schemaType", "JSON", "schema", JSON_TP, "id", 7001, "version", 1));

        assertThat(imported.json().path("id").asInt()).isEqualTo(7001);
        assertThat(stored("import-norm", 1)).isEqualTo(JSON_TP);
    }

    @Test
    void referencesAreSortedBySubjectAndVersionWhenNormalized() {
        register("ref-b", null, "{\"type\":\"fixed\",\"name\":\"B\",\"size\":2}", false);
        register("ref-a", null, "{\"type\":\"fixed\",\"name\":\"A\",\"size\":1}", false);
        String schema = "{\"type\":\"record\",\"name\":\"Both\",\"fields\":[{\"name\":\"b\",\"type\":\"B\"},"
                + "{\"name\":\"a\",\"type\":\"A\"}]}";

        Answer answer = registry.client()
                .post(
                        "/subjects/refs-sorted/versions?normalize=true",
                        Map.of(
                                "schema",
                                schema,
                                "references",
                                List.of(
                                        Map.of("name", "B", "subject", "ref-b", "version", 1),
                                        Map.of("name", "A", "subject", "ref-a", "version", 1))));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(registry.client()
                        .get("/subjects/refs-sorted/versions/1")
                        .json()
                        .path("references")
                        .findValuesAsText("subject"))
                .containsExactly("ref-a", "ref-b");
    }
}
