package io.herald.client.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WireFormatTest {

    @Property
    void parseGivesBackWhatFrameWrote(@ForAll int schemaId, @ForAll @Size(max = 300) byte[] payload) {
        WireFormat.Framed framed = WireFormat.parse(WireFormat.frame(schemaId, payload));

        assertThat(framed.schemaId()).isEqualTo(schemaId);
        assertThat(framed.payload()).isEqualTo(payload);
    }

    @Property
    void theHeaderIsMagicZeroThenTheIdBigEndian(@ForAll int schemaId, @ForAll @Size(max = 20) byte[] payload) {
        byte[] framed = WireFormat.frame(schemaId, payload);

        assertThat(framed).hasSize(5 + payload.length);
        assertThat(framed[0]).isZero();
        assertThat(((framed[1] & 0xff) << 24)
                        | ((framed[2] & 0xff) << 16)
                        | ((framed[3] & 0xff) << 8)
                        | (framed[4] & 0xff))
                .isEqualTo(schemaId);
        assertThat(WireFormat.isFramed(framed)).isTrue();
    }

    @Test
    void idSevenIsWrittenAsConfluentDoes() {
        assertThat(WireFormat.frame(7, "{}".getBytes())).containsExactly(0, 0, 0, 0, 7, '{', '}');
    }

    @Test
    void plainJsonIsNotFramed() {
        assertThat(WireFormat.isFramed("{\"a\":1}".getBytes())).isFalse();
    }

    @Test
    void aWrongMagicByteIsRefusedNamingIt() {
        assertThatThrownBy(() -> WireFormat.parse(new byte[] {1, 0, 0, 0, 1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("starts with byte 1")
                .hasMessageContaining("magic byte 0");
    }

    @Test
    void aShortValueIsRefusedWithItsLength() {
        assertThatThrownBy(() -> WireFormat.parse(new byte[] {0, 0, 1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 bytes");
    }
}
