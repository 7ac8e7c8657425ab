package io.herald.registry;

import static io.herald.registry.RegistryFixture.avroRecord;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.squareup.wire.FieldEncoding;
import com.squareup.wire.ProtoReader;
import io.herald.registry.RegistryClient.Answer;
import io.herald.testkit.HeraldExtension;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okio.Buffer;
import okio.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The query parameters of {@code GET /schemas/ids/{id}} that change the answer: {@code fetchMaxId} and {@code format}. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SchemaByIdParametersIT {

    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    @RegisterExtension
    static RegistryExtension registry = new RegistryExtension(herald);

    private static int register(String subject, Map<String, Object> body) {
        Answer answer = registry.client().post("/subjects/" + subject + "/versions", body);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.json().path("id").asInt();
    }

    @Test
    void fetchMaxIdAnswersTheHighestIdRegistered() {
        int first = register("max-id-a", RegistryClient.schemaBody("JSON", "{\"type\":\"string\",\"title\":\"a\"}"));
        int second = register("max-id-b", RegistryClient.schemaBody("JSON", "{\"type\":\"string\",\"title\":\"b\"}"));

        JsonNode withMaxId = registry.client()
                .get("/schemas/ids/" + first + "?fetchMaxId=true")
                .json();
        JsonNode without = registry.client().get("/schemas/ids/" + first).json();

        assertThat(withMaxId.path("maxId").asInt())
                .isGreaterThanOrEqualTo(second)
                .isGreaterThan(first);
        assertThat(withMaxId.path("schema").asText()).isEqualTo("{\"type\":\"string\",\"title\":\"a\"}");
        assertThat(without.has("maxId")).isFalse();
    }

    @Test
    void avroResolvedFormatWritesOutTheReferencedTypes() {
        register("resolved-inner", Map.of("schema", avroRecord("io.x.Inner")));
        String outer = avroRecord("io.x.Outer", "{\"name\":\"inner\",\"type\":\"io.x.Inner\"}");
        int id = register(
                "resolved-outer",
                Map.of(
                        "schema",
                        outer,
                        "references",
                        List.of(Map.of("name", "io.x.Inner", "subject", "resolved-inner", "version", 1))));

        String stored = registry.client()
                .get("/schemas/ids/" + id)
                .json()
                .path("schema")
                .asText();
        String resolved = registry.client()
                .get("/schemas/ids/" + id + "?format=resolved")
                .json()
                .path("schema")
                .asText();
        String rawResolved = registry.client()
                .get("/schemas/ids/" + id + "/schema?format=resolved")
                .text();

        assertThat(stored).doesNotContain("\"name\":\"Inner\"");
        assertThat(resolved).contains("\"name\":\"Outer\"").contains("{\"type\":\"record\",\"name\":\"Inner\"");
        assertThat(rawResolved).isEqualTo(resolved);
    }

    @Test
    void protobufSerializedFormatIsTheBase64FileDescriptor() throws IOException {
        register(
                "serialized-common",
                RegistryClient.schemaBody(
                        "PROTOBUF", "syntax = \"proto3\";\npackage demo;\nmessage Money {\n  int64 cents = 1;\n}\n"));
        String order = "syntax = \"proto3\";\npackage demo;\nimport \"common.proto\";\n"
                + "message Order {\n  string id = 1;\n  Money total = 2;\n}\n";
        int id = register(
                "serialized-order",
                Map.of(
                        "schemaType",
                        "PROTOBUF",
                        "schema",
                        order,
                        "references",
                        List.of(Map.of("name", "common.proto", "subject", "serialized-common", "version", 1))));

        Answer answer = registry.client().get("/schemas/ids/" + id + "?format=serialized");
        FileDescriptor file = FileDescriptor.decode(
                Base64.getDecoder().decode(answer.json().path("schema").asText()));

        assertThat(answer.json().path("schemaType").asText()).isEqualTo("PROTOBUF");
        assertThat(file.packageName()).isEqualTo("demo");
        assertThat(file.dependencies()).containsExactly("common.proto");
        assertThat(file.messages()).containsExactly("Order");
        assertThat(file.fields()).containsExactly("id:1:", "total:2:.demo.Money");
    }

    @Test
    void protobufIgnoreExtensionsFormatLeavesOutExtensionsAndCustomOptions() {
        String proto = "syntax = \"proto2\";\npackage demo;\nimport \"google/protobuf/descriptor.proto\";\n"
                + "extend google.protobuf.FieldOptions {\n  optional string label = 50000;\n}\n"
                + "message Item {\n  optional string id = 1 [(label) = \"key\", deprecated = true];\n"
                + "  extensions 100 to 199;\n}\n"
                + "extend Item {\n  optional int32 weight = 100;\n}\n";
        int id = register("ignore-extensions", RegistryClient.schemaBody("PROTOBUF", proto));

        String stored = registry.client()
                .get("/schemas/ids/" + id)
                .json()
                .path("schema")
                .asText();
        String plain = registry.client()
                .get("/schemas/ids/" + id + "?format=ignore_extensions")
                .json()
                .path("schema")
                .asText();

        assertThat(stored).contains("extend Item").contains("extensions 100").contains("(label)");
        assertThat(plain)
                .contains("message Item")
                .contains("optional string id = 1")
                .contains("deprecated = true")
                .doesNotContain("extend")
                .doesNotContain("extensions 100")
                .doesNotContain("(label)");
    }

    @Test
    void aFormatTheTypeDoesNotKnowAnswersTheSchemaAsStored() {
        String schema = "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"}}}";
        int id = register("format-json", RegistryClient.schemaBody("JSON", schema));

        Answer answer = registry.client().get("/schemas/ids/" + id + "?format=serialized");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("schema").asText()).isEqualTo(schema);
    }

    /**
     * The parts of a {@code google.protobuf.FileDescriptorProto} these tests check, read with Wire's wire-format
     * reader: package (2), dependency (3), message_type (4) with name (1) and fields (2: name 1, number 3, type_name
     * 6).
     */
    record FileDescriptor(String packageName, List<String> dependencies, List<String> messages, List<String> fields) {

        static FileDescriptor decode(byte[] bytes) throws IOException {
            FileDescriptor file = new FileDescriptor("", new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            ProtoReader reader = new ProtoReader(new Buffer().write(bytes));
            String packageName = "";
            long token = reader.beginMessage();
            for (int tag; (tag = reader.nextTag()) != -1; ) {
                switch (tag) {
                    case 2 -> packageName = reader.readString();
                    case 3 -> file.dependencies().add(reader.readString());
                    case 4 -> message(reader.readBytes(), file);
                    default -> skip(reader);
                }
            }
            reader.endMessageAndGetUnknownFields(token);
            return new FileDescriptor(packageName, file.dependencies(), file.messages(), file.fields());
        }

        private static void message(ByteString bytes, FileDescriptor file) throws IOException {
            ProtoReader reader = new ProtoReader(new Buffer().write(bytes));
            long token = reader.beginMessage();
            for (int tag; (tag = reader.nextTag()) != -1; ) {
                switch (tag) {
                    case 1 -> file.messages().add(reader.readString());
                    case 2 -> file.fields().add(field(reader.readBytes()));
                    default -> skip(reader);
                }
            }
            reader.endMessageAndGetUnknownFields(token);
        }

        private static String field(ByteString bytes) throws IOException {
            ProtoReader reader = new ProtoReader(new Buffer().write(bytes));
            String name = "";
            int number = 0;
            String typeName = "";
            long token = reader.beginMessage();
            for (int tag; (tag = reader.nextTag()) != -1; ) {
                switch (tag) {
                    case 1 -> name = reader.readString();
                    case 3 -> number = reader.readVarint32();
                    case 6 -> typeName = reader.readString();
                    default -> skip(reader);
                }
            }
            reader.endMessageAndGetUnknownFields(token);
            return name + ":" + number + ":" + typeName;
        }

        private static void skip(ProtoReader reader) throws IOException {
            FieldEncoding encoding = reader.peekFieldEncoding();
            encoding.rawProtoAdapter().decode(reader);
        }
    }
}
