package io.herald.registry.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AvroSchemaTest {

    private static AvroSchema avro(String text) throws InvalidSchemaException {
        return AvroSchema.parse(text.replace('\'', '"'), List.of());
    }

    private static List<String> backward(String newer, String older) throws InvalidSchemaException {
        return CompatibilityLevel.BACKWARD.check(avro(newer), List.of(avro(older)));
    }

    @Test
    void canonicalFormIsAvrosOwnSoEquivalentTextsMatch() throws InvalidSchemaException {
        assertThat(avro("{'type':'string'}").canonical()).isEqualTo("\"string\"");
        assertThat(avro(" { 'name':'R', 'type':'record', 'fields':[] } ").canonical())
                .isEqualTo(avro("{'type':'record','name':'R','fields':[]}").canonical());
    }

    @Test
    void aBadDefaultIsAnInvalidSchema() {
        assertThatThrownBy(
                        () -> avro("{'type':'record','name':'R','fields':[{'name':'a','type':'int','default':'x'}]}"))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("default");
    }

    @Test
    void anUnknownTypeIsAnInvalidSchemaNamingIt() {
        assertThatThrownBy(() -> avro("{'type':'record','name':'R','fields':[{'name':'a','type':'Missing'}]}"))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("Missing");
    }

    @Test
    void addingAFieldWithADefaultIsBackwardCompatible() throws InvalidSchemaException {
        assertThat(backward(
                        "{'type':'record','name':'R','fields':[{'name':'a','type':'int'},{'name':'b','type':'int','default':1}]}",
                        "{'type':'record','name':'R','fields':[{'name':'a','type':'int'}]}"))
                .isEmpty();
    }

    @Test
    void addingAFieldWithoutADefaultIsNot() throws InvalidSchemaException {
        assertThat(backward(
                        "{'type':'record','name':'R','fields':[{'name':'a','type':'int'},{'name':'b','type':'int'}]}",
                        "{'type':'record','name':'R','fields':[{'name':'a','type':'int'}]}"))
                .singleElement()
                .asString()
                .contains(
                        "READER_FIELD_MISSING_DEFAULT_VALUE", "The field 'b' at path '/fields/1'", "no default value");
    }

    @Test
    void intPromotesToLongButNotBack() throws InvalidSchemaException {
        assertThat(backward("'long'", "'int'")).isEmpty();
        assertThat(backward("'int'", "'long'")).isNotEmpty();
    }

    @Test
    void anEnumSymbolRemovedIsIncompatibleUnlessTheReaderHasADefault() throws InvalidSchemaException {
        String older = "{'type':'enum','name':'E','symbols':['A','B']}";
        assertThat(backward("{'type':'enum','name':'E','symbols':['A']}", older))
                .isNotEmpty();
        assertThat(backward("{'type':'enum','name':'E','symbols':['A'],'default':'A'}", older))
                .isEmpty();
    }

    @Test
    void aRenamedRecordIsCompatibleThroughAnAlias() throws InvalidSchemaException {
        String older = "{'type':'record','name':'Old','fields':[{'name':'a','type':'int'}]}";
        assertThat(backward("{'type':'record','name':'New','fields':[{'name':'a','type':'int'}]}", older))
                .isNotEmpty();
        assertThat(backward(
                        "{'type':'record','name':'New','aliases':['Old'],'fields':[{'name':'a','type':'int'}]}", older))
                .isEmpty();
    }

    @Test
    void referencedNamedTypesResolveAndStayByNameInTheCanonicalForm() throws InvalidSchemaException {
        String address =
                "{\"type\":\"record\",\"name\":\"Address\",\"fields\":[{\"name\":\"city\",\"type\":\"string\"}]}";
        AvroSchema user = AvroSchema.parse(
                "{\"type\":\"record\",\"name\":\"User\",\"fields\":[{\"name\":\"home\",\"type\":\"Address\"}]}",
                List.of(new ResolvedReference("Address", address)));

        assertThat(user.canonical()).contains("\"type\":\"Address\"").doesNotContain("city");
        assertThat(user.schema().getField("home").schema().getField("city")).isNotNull();
    }

    @Test
    void aDifferentSchemaTypeIsNeverCompatible() throws InvalidSchemaException {
        ParsedSchema json = JsonSchema.parse("{\"type\":\"string\"}", List.of());

        assertThat(CompatibilityLevel.BACKWARD.check(avro("'string'"), List.of(json)))
                .isNotEmpty();
    }
}
