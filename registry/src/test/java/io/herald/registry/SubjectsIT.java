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

/** {@code /subjects/...}: registration, duplicates, reads, lookup, listing, and their error codes. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SubjectsIT {

    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    @RegisterExtension
    static RegistryExtension registry = new RegistryExtension(herald);

    @Test
    void registerAnswersIdAndVersionAsConfluentV1Json() {
        Answer answer = registry.client().register("register-value", null, avroRecord("Register"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(answer.json().path("id").asInt()).isPositive();
        assertThat(answer.json().path("version").asInt()).isEqualTo(1);
    }

    @Test
    void reRegisteringTheSameSchemaGivesTheSameIdAndVersion() {
        Answer first = registry.client().register("again-value", null, avroRecord("Again"));
        Answer second = registry.client().register("again-value", null, avroRecord("Again"));

        assertThat(second.json().path("id")).isEqualTo(first.json().path("id"));
        assertThat(second.json().path("version").asInt()).isEqualTo(1);
        assertThat(registry.client().get("/subjects/again-value/versions").json())
                .hasSize(1);
    }

    @Test
    void duplicatesAreFoundOnTheParsedSchemaNotTheText() {
        Answer compact = registry.client().register("dup-value", null, "{\"type\":\"string\"}");
        Answer spaced = registry.client().register("dup-value", null, " \"string\" ");

        assertThat(spaced.json().path("id")).isEqualTo(compact.json().path("id"));
        assertThat(registry.client()
                        .get("/subjects/dup-value/versions/1")
                        .json()
                        .path("schema")
                        .asText())
                .isEqualTo("\"string\"");
    }

    @Test
    void theSameSchemaUnderAnotherSubjectReusesItsId() {
        Answer a = registry.client().register("shared-a", "JSON", "{\"type\":\"object\",\"title\":\"Shared\"}");
        Answer b = registry.client().register("shared-b", "JSON", "{ \"type\": \"object\", \"title\": \"Shared\" }");

        assertThat(b.json().path("id")).isEqualTo(a.json().path("id"));
        assertThat(b.json().path("version").asInt()).isEqualTo(1);
    }

    @Test
    void aCompatibleSchemaGetsTheNextVersionAndANewId() {
        Answer v1 = registry.client().register("next-value", null, avroRecord("Next"));
        Answer v2 = registry.client()
                .register(
                        "next-value",
                        null,
                        avroRecord("Next", "{\"name\":\"email\",\"type\":\"string\",\"default\":\"\"}"));

        assertThat(v2.json().path("version").asInt()).isEqualTo(2);
        assertThat(v2.json().path("id").asInt())
                .isGreaterThan(v1.json().path("id").asInt());
    }

    @Test
    void anIncompatibleSchemaIs409() {
        registry.client().register("incompatible-value", null, avroRecord("Inc"));

        Answer answer = registry.client()
                .register("incompatible-value", null, avroRecord("Inc", "{\"name\":\"email\",\"type\":\"string\"}"));

        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.errorCode()).isEqualTo(409);
        assertThat(answer.json().path("message").asText()).contains("incompatible", "email");
    }

    @Test
    void anInvalidSchemaIs42201WithTheParsersMessage() {
        Answer answer = registry.client().register("invalid-value", null, "{\"type\":\"record\",\"name\":\"X\"}");

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.errorCode()).isEqualTo(42201);
        assertThat(answer.json().path("message").asText()).contains("fields");
    }

    @Test
    void anInvalidJsonSchemaIs42201WithLineAndColumn() {
        Answer answer = registry.client().register("invalid-json", "JSON", "{\"type\": \"object\",,}");

        assertThat(answer.errorCode()).isEqualTo(42201);
        assertThat(answer.json().path("message").asText()).contains("line 1");
    }

    @Test
    void anUnknownSchemaTypeIs42201() {
        Answer answer = registry.client().register("xml-value", "XML", "<schema/>");

        assertThat(answer.errorCode()).isEqualTo(42201);
        assertThat(answer.json().path("message").asText()).contains("XML");
    }

    @Test
    void aProtobufSchemaIsStoredInWiresCanonicalFormAndDeduplicated() {
        Answer first = registry.client()
                .register(
                        "proto-value",
                        "PROTOBUF",
                        "syntax = \"proto3\";\npackage shop;\n\nmessage Order {\n  string id = 1;\n}\n");
        Answer reformatted = registry.client()
                .register(
                        "proto-value",
                        "PROTOBUF",
                        "syntax=\"proto3\"; package shop;\nmessage Order { string id = 1; }");

        assertThat(first.status()).isEqualTo(200);
        assertThat(reformatted.json().path("id")).isEqualTo(first.json().path("id"));
        Answer stored = registry.client().get("/subjects/proto-value/versions/1");
        assertThat(stored.json().path("schemaType").asText()).isEqualTo("PROTOBUF");
        assertThat(stored.json().path("schema").asText()).contains("message Order", "string id = 1;");
    }

    @Test
    void aProtobufSchemaImportsAReferencedFile() {
        registry.client()
                .register(
                        "common-proto",
                        "PROTOBUF",
                        "syntax = \"proto3\"; package common; message Money { int64 cents = 1; }");

        Answer order = registry.client()
                .post(
                        "/subjects/order-proto/versions",
                        Map.of(
                                "schemaType", "PROTOBUF",
                                "schema",
                                        "syntax = \"proto3\"; import \"common.proto\"; message Order { common.Money total = 1; }",
                                "references",
                                        List.of(Map.of(
                                                "name", "common.proto", "subject", "common-proto", "version", 1))));

        assertThat(order.status()).isEqualTo(200);
        assertThat(registry.client()
                        .get("/subjects/common-proto/versions/1/referencedby")
                        .text())
                .isEqualTo("[" + order.json().path("id").asInt() + "]");
    }

    @Test
    void anInvalidProtobufSchemaIs42201WithLineAndColumn() {
        Answer answer =
                registry.client().register("proto-bad", "PROTOBUF", "syntax = \"proto3\";\nmessage M { string = 1; }");

        assertThat(answer.errorCode()).isEqualTo(42201);
        assertThat(answer.json().path("message").asText()).contains("schema.proto:2:");
    }

    @Test
    void anIncompatibleProtobufChangeIs409() {
        registry.client().register("proto-evolve", "PROTOBUF", "syntax = \"proto3\"; message M { string id = 1; }");

        Answer added = registry.client()
                .register(
                        "proto-evolve", "PROTOBUF", "syntax = \"proto3\"; message M { string id = 1; int64 at = 2; }");
        Answer retyped = registry.client()
                .register("proto-evolve", "PROTOBUF", "syntax = \"proto3\"; message M { int32 id = 1; int64 at = 2; }");

        assertThat(added.status()).isEqualTo(200);
        assertThat(retyped.status()).isEqualTo(409);
        assertThat(retyped.json().path("message").asText()).contains("FIELD_SCALAR_KIND_CHANGED");
    }

    @Test
    void unknownRequestFieldsAreIgnored() {
        Answer answer = registry.client()
                .post(
                        "/subjects/unknown-fields/versions",
                        Map.of("schema", "\"long\"", "metadata", Map.of("properties", Map.of()), "ruleSet", Map.of()));

        assertThat(answer.status()).isEqualTo(200);
    }

    @Test
    void nullAndEmptyFieldsAreLeftOut() {
        registry.client().register("no-nulls", null, "\"double\"");

        assertThat(registry.client().get("/subjects/no-nulls/versions/1").json().fieldNames())
                .toIterable()
                .containsExactly("subject", "version", "id", "schema");
    }

    @Test
    void getVersionByNumberLatestAndMinusOne() {
        registry.client().register("get-value", null, avroRecord("Get"));
        registry.client()
                .register("get-value", null, avroRecord("Get", "{\"name\":\"b\",\"type\":\"int\",\"default\":0}"));

        assertThat(registry.client()
                        .get("/subjects/get-value/versions/1")
                        .json()
                        .path("version")
                        .asInt())
                .isEqualTo(1);
        assertThat(registry.client()
                        .get("/subjects/get-value/versions/latest")
                        .json()
                        .path("version")
                        .asInt())
                .isEqualTo(2);
        assertThat(registry.client()
                        .get("/subjects/get-value/versions/-1")
                        .json()
                        .path("version")
                        .asInt())
                .isEqualTo(2);
        assertThat(registry.client()
                        .get("/subjects/get-value/versions/1")
                        .json()
                        .path("subject")
                        .asText())
                .isEqualTo("get-value");
    }

    @Test
    void anInvalidVersionIs42202() {
        registry.client().register("badversion-value", null, "\"int\"");

        assertThat(registry.client()
                        .get("/subjects/badversion-value/versions/zero")
                        .errorCode())
                .isEqualTo(42202);
        assertThat(registry.client()
                        .get("/subjects/badversion-value/versions/0")
                        .errorCode())
                .isEqualTo(42202);
    }

    @Test
    void anUnknownSubjectIs40401() {
        Answer answer = registry.client().get("/subjects/never-registered/versions/latest");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.errorCode()).isEqualTo(40401);
        assertThat(answer.json().path("message").asText()).isEqualTo("Subject 'never-registered' not found.");
        assertThat(registry.client().get("/subjects/never-registered/versions").errorCode())
                .isEqualTo(40401);
    }

    @Test
    void anUnknownVersionIs40402() {
        registry.client().register("noversion-value", null, "\"int\"");

        assertThat(registry.client().get("/subjects/noversion-value/versions/7").errorCode())
                .isEqualTo(40402);
    }

    @Test
    void rawSchemaIsTheSchemaTextAlone() {
        registry.client().register("raw-value", null, avroRecord("Raw"));

        Answer answer = registry.client().get("/subjects/raw-value/versions/1/schema");

        assertThat(answer.json().path("name").asText()).isEqualTo("Raw");
        assertThat(answer.json().path("type").asText()).isEqualTo("record");
    }

    @Test
    void lookupFindsTheVersionHoldingTheSchema() {
        Answer registered = registry.client().register("lookup-value", "JSON", "{\"type\":\"string\"}");

        Answer found = registry.client()
                .post("/subjects/lookup-value", Map.of("schemaType", "JSON", "schema", "{ \"type\" : \"string\" }"));

        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json().path("id")).isEqualTo(registered.json().path("id"));
        assertThat(found.json().path("version").asInt()).isEqualTo(1);
        assertThat(found.json().path("schemaType").asText()).isEqualTo("JSON");
    }

    @Test
    void jsonSchemasThatDifferOnlyInKeyOrderAreTwoVersionsUnlessNormalized() {
        String first = "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}";
        String reordered = "{\"properties\":{\"a\":{\"type\":\"string\"}},\"type\":\"object\"}";
        registry.client().register("key-order", "JSON", first);

        Answer asIs = registry.client().register("key-order", "JSON", reordered);
        Answer normalized = registry.client()
                .post("/subjects/key-order-n/versions?normalize=true", Map.of("schemaType", "JSON", "schema", first));
        Answer normalizedAgain = registry.client()
                .post(
                        "/subjects/key-order-n/versions?normalize=true",
                        Map.of("schemaType", "JSON", "schema", reordered));

        assertThat(asIs.json().path("version").asInt())
                .as("Confluent keeps key order")
                .isEqualTo(2);
        assertThat(normalizedAgain.json().path("version").asInt()).isEqualTo(1);
        assertThat(normalizedAgain.json().path("id"))
                .isEqualTo(normalized.json().path("id"));
    }

    @Test
    void lookupOfAnotherSchemaIs40403AndOfAnUnknownSubject40401() {
        registry.client().register("lookup-miss", null, "\"int\"");

        assertThat(registry.client()
                        .post("/subjects/lookup-miss", Map.of("schema", "\"long\""))
                        .errorCode())
                .isEqualTo(40403);
        assertThat(registry.client()
                        .post("/subjects/lookup-nobody", Map.of("schema", "\"long\""))
                        .errorCode())
                .isEqualTo(40401);
    }

    @Test
    void subjectsAreListedWithPrefixAndDeletedFilters() {
        registry.client().register("list-a", null, "\"int\"");
        registry.client().register("list-b", null, "\"int\"");
        registry.client().delete("/subjects/list-b");

        assertThat(strings(registry.client().get("/subjects?subjectPrefix=list-")))
                .containsExactly("list-a");
        assertThat(strings(registry.client().get("/subjects?subjectPrefix=list-&deleted=true")))
                .containsExactly("list-a", "list-b");
        assertThat(strings(registry.client().get("/subjects?subjectPrefix=list-&deletedOnly=true")))
                .containsExactly("list-b");
    }

    @Test
    void subjectsArePagedWithOffsetAndLimit() {
        registry.client().register("page-a", null, "\"int\"");
        registry.client().register("page-b", null, "\"int\"");
        registry.client().register("page-c", null, "\"int\"");

        assertThat(strings(registry.client().get("/subjects?subjectPrefix=page-&offset=1&limit=1")))
                .containsExactly("page-b");
        assertThat(strings(registry.client().get("/subjects?subjectPrefix=page-&offset=1")))
                .containsExactly("page-b", "page-c");
        assertThat(strings(registry.client().get("/subjects?subjectPrefix=page-&limit=-1")))
                .hasSize(3);
        assertThat(registry.client().get("/subjects?offset=x").status()).isEqualTo(400);
    }

    @Test
    void versionsAreListedWithDeletedFilters() {
        registry.client().register("versions-value", null, avroRecord("V"));
        registry.client()
                .register("versions-value", null, avroRecord("V", "{\"name\":\"b\",\"type\":\"int\",\"default\":0}"));
        registry.client().delete("/subjects/versions-value/versions/1");

        assertThat(registry.client().get("/subjects/versions-value/versions").text())
                .isEqualTo("[2]");
        assertThat(registry.client()
                        .get("/subjects/versions-value/versions?deleted=true")
                        .text())
                .isEqualTo("[1,2]");
        assertThat(registry.client()
                        .get("/subjects/versions-value/versions?deletedOnly=true")
                        .text())
                .isEqualTo("[1]");
    }

    @Test
    void referencesResolveAndShowInReferencedBy() {
        Answer base = registry.client()
                .register(
                        "ref-base",
                        null,
                        "{\"type\":\"record\",\"name\":\"Address\",\"namespace\":\"x\","
                                + "\"fields\":[{\"name\":\"city\",\"type\":\"string\"}]}");
        Answer user = registry.client()
                .post(
                        "/subjects/ref-user/versions",
                        Map.of(
                                "schema",
                                "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"x\","
                                        + "\"fields\":[{\"name\":\"home\",\"type\":\"Address\"}]}",
                                "references",
                                List.of(Map.of("name", "x.Address", "subject", "ref-base", "version", 1))));

        assertThat(user.status()).isEqualTo(200);
        assertThat(registry.client()
                        .get("/subjects/ref-base/versions/1/referencedby")
                        .text())
                .isEqualTo("[" + user.json().path("id").asInt() + "]");
        assertThat(registry.client()
                        .get("/subjects/ref-user/versions/1")
                        .json()
                        .path("references")
                        .get(0)
                        .path("subject")
                        .asText())
                .isEqualTo("ref-base");
        assertThat(base.status()).isEqualTo(200);
    }

    @Test
    void aReferenceToAnUnregisteredSchemaIs42201() {
        Answer answer = registry.client()
                .post(
                        "/subjects/ref-missing/versions",
                        Map.of(
                                "schema",
                                "{\"type\":\"record\",\"name\":\"U\",\"fields\":[{\"name\":\"a\",\"type\":\"Nope\"}]}",
                                "references",
                                List.of(Map.of("name", "Nope", "subject", "nobody", "version", 1))));

        assertThat(answer.errorCode()).isEqualTo(42201);
        assertThat(answer.json().path("message").asText()).contains("nobody");
    }

    @Test
    void plainJsonAndTheUnversionedContentTypeAreAccepted() {
        assertThat(registry.client()
                        .post("/subjects/ct-a/versions", "application/json", "{\"schema\":\"\\\"int\\\"\"}")
                        .status())
                .isEqualTo(200);
        assertThat(registry.client()
                        .post(
                                "/subjects/ct-b/versions",
                                "application/vnd.schemaregistry+json; charset=utf-8",
                                "{\"schema\":\"\\\"int\\\"\"}")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void anotherContentTypeIs415() {
        Answer answer = registry.client().post("/subjects/ct-c/versions", "text/plain", "{\"schema\":\"\\\"int\\\"\"}");

        assertThat(answer.status()).isEqualTo(415);
        assertThat(answer.errorCode()).isEqualTo(415);
    }

    @Test
    void anUnknownPathIsA404ErrorBody() {
        Answer answer = registry.client().get("/no/such/path");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.errorCode()).isEqualTo(404);
    }

    private static List<String> strings(Answer answer) {
        return RegistryClient.JSON.convertValue(
                answer.json(), RegistryClient.JSON.getTypeFactory().constructCollectionType(List.class, String.class));
    }
}
