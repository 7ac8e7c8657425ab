package io.herald.registry.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.registry.internal.schema.SchemaReference;
import io.herald.registry.internal.schema.SchemaType;
import io.herald.registry.internal.store.RegistryRecord.SchemaRegistered;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordCodecTest {

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void keysHaveConfluentsExactByteLayout() {
        assertThat(text(RecordCodec.schemaKey("orders-value", 3)))
                .isEqualTo("{\"keytype\":\"SCHEMA\",\"subject\":\"orders-value\",\"version\":3,\"magic\":1}");
        assertThat(text(RecordCodec.configKey(null)))
                .isEqualTo("{\"keytype\":\"CONFIG\",\"subject\":null,\"magic\":0}");
        assertThat(text(RecordCodec.configKey("s")))
                .isEqualTo("{\"keytype\":\"CONFIG\",\"subject\":\"s\",\"magic\":0}");
        assertThat(text(RecordCodec.modeKey("s"))).isEqualTo("{\"keytype\":\"MODE\",\"subject\":\"s\",\"magic\":0}");
        assertThat(text(RecordCodec.deleteSubjectKey("s")))
                .isEqualTo("{\"keytype\":\"DELETE_SUBJECT\",\"subject\":\"s\",\"magic\":0}");
        assertThat(text(RecordCodec.noopKey())).isEqualTo("{\"keytype\":\"NOOP\",\"magic\":0}");
    }

    @Test
    void schemaValueRoundTripsWithReferencesAndType() {
        SchemaRegistered schema = new SchemaRegistered(
                "s", 2, 7, SchemaType.JSON, List.of(new SchemaReference("a.json", "a", 1)), "{}", false);

        byte[] value = RecordCodec.schemaValue(schema);

        assertThat(text(value))
                .isEqualTo(
                        "{\"subject\":\"s\",\"version\":2,\"id\":7,\"schemaType\":\"JSON\",\"references\":"
                                + "[{\"name\":\"a.json\",\"subject\":\"a\",\"version\":1}],\"schema\":\"{}\",\"deleted\":false}");
        assertThat(RecordCodec.decode(RecordCodec.schemaKey("s", 2), value)).isEqualTo(schema);
    }

    @Test
    void avroValueLeavesOutTypeAndEmptyReferences() {
        SchemaRegistered schema = new SchemaRegistered("s", 1, 1, SchemaType.AVRO, List.of(), "\"string\"", true);

        assertThat(text(RecordCodec.schemaValue(schema)))
                .isEqualTo("{\"subject\":\"s\",\"version\":1,\"id\":1,\"schema\":\"\\\"string\\\"\",\"deleted\":true}");
    }

    @Test
    void decodesConfluentWrittenValueIgnoringFieldsItDoesNotKnow() {
        byte[] key = bytes("{\"keytype\":\"SCHEMA\",\"subject\":\"t\",\"version\":1,\"magic\":1}");
        byte[] value = bytes("{\"subject\":\"t\",\"version\":1,\"id\":3,\"md5\":\"abc\",\"metadata\":{},"
                + "\"schema\":\"\\\"int\\\"\",\"deleted\":false,\"ts\":1}");

        assertThat(RecordCodec.decode(key, value))
                .isEqualTo(new SchemaRegistered("t", 1, 3, SchemaType.AVRO, List.of(), "\"int\"", false));
    }

    @Test
    void tombstonesDecodeToTheirKeysRemoval() {
        assertThat(RecordCodec.decode(RecordCodec.schemaKey("s", 4), null))
                .isEqualTo(new RegistryRecord.SchemaPurged("s", 4));
        assertThat(RecordCodec.decode(RecordCodec.configKey(null), null))
                .isEqualTo(new RegistryRecord.ConfigCleared(null));
        assertThat(RecordCodec.decode(RecordCodec.modeKey("s"), null)).isEqualTo(new RegistryRecord.ModeCleared("s"));
    }

    @Test
    void decodesConfigModeDeleteSubjectAndNoop() {
        assertThat(RecordCodec.decode(RecordCodec.configKey("s"), RecordCodec.configValue("FULL")))
                .isEqualTo(new RegistryRecord.ConfigSet("s", "FULL"));
        assertThat(RecordCodec.decode(RecordCodec.modeKey(null), RecordCodec.modeValue("READONLY")))
                .isEqualTo(new RegistryRecord.ModeSet(null, "READONLY"));
        assertThat(RecordCodec.decode(RecordCodec.deleteSubjectKey("s"), RecordCodec.deleteSubjectValue("s", 5)))
                .isEqualTo(new RegistryRecord.SubjectSoftDeleted("s", 5));
        assertThat(RecordCodec.decode(RecordCodec.noopKey(), null)).isEqualTo(new RegistryRecord.Ignored("NOOP"));
    }

    @Test
    void aConfigCarriesNormalizeAndMaySetItAlone() {
        assertThat(new String(RecordCodec.configValue("FULL", true), StandardCharsets.UTF_8))
                .isEqualTo("{\"normalize\":true,\"compatibilityLevel\":\"FULL\"}");
        assertThat(RecordCodec.decode(RecordCodec.configKey(null), bytes("{\"normalize\":false}")))
                .isEqualTo(new RegistryRecord.ConfigSet(null, null, false));
        assertThat(RecordCodec.decode(
                        RecordCodec.configKey("s"),
                        bytes("{\"compatibilityLevel\":\"NONE\",\"normalize\":true,\"validateFields\":true}")))
                .isEqualTo(new RegistryRecord.ConfigSet("s", "NONE", true));
    }

    @Test
    void aKeyThatIsNotJsonIsRefusedNamingIt() {
        assertThatThrownBy(() -> RecordCodec.decode(bytes("garbage"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("garbage");
    }
}
