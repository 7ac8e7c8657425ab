package io.herald.broker.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class SchemasTopicRecordTest {
    private static final String KEY = "{\"keytype\":\"SCHEMA\",\"subject\":\"orders-value\",\"version\":2,\"magic\":1}";

    @Test
    void aSchemaRecordGivesItsSubjectVersionIdTypeAndText() {
        String value = "{\"subject\":\"orders-value\",\"version\":2,\"id\":11,\"schemaType\":\"JSON\","
                + "\"references\":[{\"name\":\"a\",\"subject\":\"b\",\"version\":1}],\"metadata\":{\"x\":{}},"
                + "\"schema\":\"{\\\"type\\\":\\\"object\\\"}\",\"deleted\":true}";

        assertThat(SchemasTopicRecord.parse(bytes(KEY), bytes(value)))
                .isEqualTo(
                        new SchemasTopicRecord.SchemaVersion("orders-value", 2, 11, "JSON", "{\"type\":\"object\"}"));
    }

    @Test
    void aSchemaWithoutSchemaTypeIsAvro() {
        String value = "{\"subject\":\"orders-value\",\"version\":2,\"id\":11,\"schema\":\"\\\"string\\\"\"}";

        assertThat(((SchemasTopicRecord.SchemaVersion) SchemasTopicRecord.parse(bytes(KEY), bytes(value))).schemaType())
                .isEqualTo("AVRO");
    }

    @Test
    void aTombstoneRemovesTheVersion() {
        assertThat(SchemasTopicRecord.parse(bytes(KEY), null))
                .isEqualTo(new SchemasTopicRecord.VersionRemoved("orders-value", 2));
    }

    @Test
    void configModeAndDeleteSubjectRecordsAreIgnored() {
        String config = "{\"keytype\":\"CONFIG\",\"subject\":null,\"magic\":0}";
        String deleteSubject = "{\"keytype\":\"DELETE_SUBJECT\",\"subject\":\"orders-value\",\"magic\":0}";

        assertThat(SchemasTopicRecord.parse(bytes(config), bytes("{\"compatibilityLevel\":\"FULL\"}")))
                .isInstanceOf(SchemasTopicRecord.Ignored.class);
        assertThat(SchemasTopicRecord.parse(
                        bytes(deleteSubject), bytes("{\"subject\":\"orders-value\",\"version\":3}")))
                .isInstanceOf(SchemasTopicRecord.Ignored.class);
    }

    @Test
    void aSchemaValueWithoutIdIsMalformed() {
        assertThatThrownBy(() -> SchemasTopicRecord.parse(bytes(KEY), bytes("{\"subject\":\"orders-value\"}")))
                .isInstanceOf(SchemasTopicRecord.MalformedSchemasRecord.class)
                .hasMessageContaining("integer field id");
    }

    /** Anyone can produce to _schemas: whatever the bytes, the parser answers or calls the record malformed. */
    @Property(tries = 2000)
    void arbitraryBytesParseOrAreMalformed(@ForAll byte[] key, @ForAll byte[] value) {
        try {
            SchemasTopicRecord.parse(ByteBuffer.wrap(key), ByteBuffer.wrap(value));
        } catch (SchemasTopicRecord.MalformedSchemasRecord expected) {
            // the only failure allowed
        }
    }

    @Property(tries = 2000)
    void arbitraryTextAfterASchemaKeyParsesOrIsMalformed(@ForAll String value) {
        try {
            SchemasTopicRecord.parse(bytes(KEY), bytes(value));
        } catch (SchemasTopicRecord.MalformedSchemasRecord expected) {
            // the only failure allowed
        }
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }
}
