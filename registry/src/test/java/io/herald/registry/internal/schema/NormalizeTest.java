package io.herald.registry.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Confluent's normalization per type: what it puts in one order, what it keeps, and that it is idempotent. Without
 * it, the canonical forms keep the order the text had (what Confluent stores and matches on when normalize is off).
 */
@Timeout(30)
class NormalizeTest {

    private static AvroSchema avro(String text) throws InvalidSchemaException {
        return AvroSchema.parse(text.replace('\'', '"'), List.of());
    }

    private static JsonSchema json(String text) throws InvalidSchemaException {
        return JsonSchema.parse(text.replace('\'', '"'), List.of());
    }

    @Test
    void avroPropertiesAndAliasesAreSortedAtEveryDepth() throws InvalidSchemaException {
        AvroSchema schema = avro("{'type':'record','name':'R','z':1,'a':{'y':1,'b':2},'aliases':['Q','P'],"
                + "'fields':[{'name':'f','type':{'type':'string','zz':1,'aa':2},'p2':1,'p1':2}]}");

        assertThat(schema.normalize().canonical())
                .isEqualTo("{'type':'record','name':'R','fields':[{'name':'f','type':{'type':'string','aa':2,'zz':1},"
                                .replace('\'', '"')
                        + "\"p1\":2,\"p2\":1}],\"a\":{\"b\":2,\"y\":1},\"z\":1,\"aliases\":[\"P\",\"Q\"]}");
    }

    @Test
    void avroWithPropertiesInAnotherOrderIsAnotherSchemaUntilNormalized() throws InvalidSchemaException {
        AvroSchema ab = avro("{'type':'record','name':'R','a':1,'b':2,'fields':[]}");
        AvroSchema ba = avro("{'type':'record','name':'R','b':2,'a':1,'fields':[]}");

        assertThat(ab.sameAs(ba)).isFalse();
        assertThat(ab.normalize().sameAs(ba.normalize())).isTrue();
    }

    @Test
    void avroFieldsSymbolsAndUnionBranchesKeepTheirOrder() throws InvalidSchemaException {
        AvroSchema schema = avro("{'type':'record','name':'R','fields':[{'name':'b','type':['string','null']},"
                + "{'name':'a','type':{'type':'enum','name':'E','symbols':['Y','X']}}]}");

        assertThat(schema.normalize().canonical()).isEqualTo(schema.canonical());
    }

    @Test
    void jsonSchemaKeysAreSortedAtEveryDepthArraysKeepTheirOrder() throws InvalidSchemaException {
        JsonSchema schema = json("{'type':'object','properties':{'b':{'type':'string'},"
                + "'a':{'enum':[{'z':1,'a':2},'q','p']}},'required':['b','a']}");

        assertThat(schema.normalize().canonical())
                .isEqualTo(
                        "{'properties':{'a':{'enum':[{'a':2,'z':1},'q','p']},'b':{'type':'string'}},".replace('\'', '"')
                                + "\"required\":[\"b\",\"a\"],\"type\":\"object\"}");
    }

    @Test
    void jsonSchemaKeyOrderCountsUntilNormalized() throws InvalidSchemaException {
        JsonSchema first = json("{'type':'string','maxLength':3}");
        JsonSchema reordered = json("{'maxLength':3,'type':'string'}");

        assertThat(first.sameAs(reordered)).isFalse();
        assertThat(first.normalize().sameAs(reordered.normalize())).isTrue();
    }

    @Test
    void protobufFieldsOneofsConstantsOptionsAndImportsAreOrderedAndTypesQualified() throws InvalidSchemaException {
        ProtobufSchema schema = ProtobufSchema.parse("syntax = \"proto3\"; package shop;"
                + " import \"google/protobuf/wrappers.proto\"; import \"google/protobuf/timestamp.proto\";"
                + " option java_package = \"x\"; option go_package = \"y\";"
                + " message Order { Line line = 3; string id = 1; oneof pay { string iban = 5; string card = 4; }"
                + " google.protobuf.Timestamp at = 2; message Line {} } enum E { B = 1; A = 0; }");

        String normalized = schema.normalize().canonical();

        assertThat(normalized)
                .containsSubsequence(
                        "import \"google/protobuf/timestamp.proto\";", "import \"google/protobuf/wrappers.proto\";")
                .containsSubsequence("option go_package", "option java_package")
                .containsSubsequence(
                        "string id = 1;", ".google.protobuf.Timestamp at = 2;", ".shop.Order.Line line = 3;")
                .containsSubsequence("string card = 4;", "string iban = 5;")
                .containsSubsequence("A = 0;", "B = 1;");
    }

    @Test
    void protobufWrittenInAnotherOrderIsTheSameOnceNormalized() throws InvalidSchemaException {
        ProtobufSchema first = ProtobufSchema.parse(
                "syntax = \"proto3\"; package p; message M { string a = 1; N n = 2; } message N {}");
        ProtobufSchema reordered = ProtobufSchema.parse(
                "syntax = \"proto3\"; package p; message M { .p.N n = 2; string a = 1; } message N {}");

        assertThat(first.sameAs(reordered)).isFalse();
        assertThat(first.normalize().sameAs(reordered.normalize())).isTrue();
    }

    @Test
    void protobufMessagesKeepTheirOrderForTheSerializersMessageIndexes() throws InvalidSchemaException {
        ProtobufSchema schema = ProtobufSchema.parse("syntax = \"proto3\"; message B {} message A {}");

        assertThat(schema.normalize().canonical()).containsSubsequence("message B", "message A");
    }

    @Test
    void protobufCanonicalTextHasNoWireHeader() throws InvalidSchemaException {
        assertThat(ProtobufSchema.parse("syntax = \"proto3\"; message M {}").canonical())
                .startsWith("syntax = \"proto3\";");
    }

    @Test
    void normalizingTwiceChangesNothing() throws InvalidSchemaException {
        List<ParsedSchema> schemas = List.of(
                avro("{'type':'record','name':'R','b':1,'a':2,'fields':[{'name':'f','type':'int'}]}"),
                json("{'type':'object','properties':{'b':{},'a':{}}}"),
                ProtobufSchema.parse("syntax = \"proto2\"; message M { optional N n = 2; optional string a = 1;"
                        + " message N {} }"));

        for (ParsedSchema schema : schemas) {
            ParsedSchema once = schema.normalize();
            assertThat(once.normalize().canonical()).as(schema.type().name()).isEqualTo(once.canonical());
        }
    }
}
