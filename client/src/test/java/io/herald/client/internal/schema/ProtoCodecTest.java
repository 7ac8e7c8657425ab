package io.herald.client.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.client.EventCodec;
import io.herald.client.EventType;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProtoCodecTest {
    static final ObjectMapper MAPPER = EventCodec.defaultMapper();

    enum Channel {
        WEB,
        STORE
    }

    record Line(String sku, int quantity) {}

    @EventType("shop.OrderPlaced")
    record OrderPlaced(
            String orderId,
            long amountCents,
            int count,
            double rate,
            float share,
            boolean express,
            BigDecimal total,
            Channel channel,
            List<Line> lines,
            List<Long> codes,
            Map<String, Integer> counts,
            byte[] signature,
            Optional<String> note,
            Optional<Long> tip,
            Line first) {}

    @EventType("Reading")
    record ReadingV1(String sensor, double value) {}

    @EventType("Reading")
    record ReadingV2(String sensor, double value, Optional<String> unit) {}

    @Property(tries = 200)
    void anEventSurvivesProtobufBinaryUnchanged(
            @ForAll String orderId,
            @ForAll long amountCents,
            @ForAll int count,
            @ForAll double rate,
            @ForAll float share,
            @ForAll boolean express,
            @ForAll Channel channel,
            @ForAll List<String> skus,
            @ForAll List<Long> codes,
            @ForAll byte[] signature,
            @ForAll Optional<String> note,
            @ForAll Optional<Long> tip) {
        OrderPlaced event = new OrderPlaced(
                orderId,
                amountCents,
                count,
                rate,
                share,
                express,
                BigDecimal.valueOf(amountCents, 2),
                channel,
                skus.stream().map(sku -> new Line(sku, -sku.length())).toList(),
                codes,
                Map.of("lines", skus.size()),
                signature,
                note,
                tip,
                new Line(orderId, count));
        ProtoModel.MessageType model = ProtoModel.of(OrderPlaced.class);

        byte[] bytes = ProtoCodec.write(MAPPER.valueToTree(event), model);
        OrderPlaced read = MAPPER.convertValue(ProtoCodec.read(bytes, 0, model), OrderPlaced.class);

        assertThat(read).usingRecursiveComparison().isEqualTo(event);
    }

    @Test
    void fieldsAreWrittenAsProtobufDoes() {
        // field 1 (LEN) "a", field 2 (VARINT) 150: the example of the Protobuf encoding guide
        byte[] bytes = ProtoCodec.write(
                MAPPER.createObjectNode().put("sku", "a").put("quantity", 150), ProtoModel.of(Line.class));

        assertThat(bytes).containsExactly(0x0a, 0x01, 'a', 0x10, 0x96, 0x01);
    }

    @Test
    void defaultsAreLeftOutAndReadBack() {
        ProtoModel.MessageType model = ProtoModel.of(Line.class);

        byte[] bytes = ProtoCodec.write(MAPPER.createObjectNode().put("sku", "").put("quantity", 0), model);

        assertThat(bytes).isEmpty();
        assertThat(ProtoCodec.read(bytes, 0, model).toString()).isEqualTo("{\"sku\":\"\",\"quantity\":0}");
    }

    @Test
    void aNewerWritersExtraFieldIsSkippedAndAnOlderWritersMissingOneIsAbsent() {
        byte[] v2 = ProtoCodec.write(
                MAPPER.valueToTree(new ReadingV2("s-1", 1.5, Optional.of("C"))), ProtoModel.of(ReadingV2.class));
        byte[] v1 = ProtoCodec.write(MAPPER.valueToTree(new ReadingV1("s-2", 2.5)), ProtoModel.of(ReadingV1.class));

        assertThat(MAPPER.convertValue(ProtoCodec.read(v2, 0, ProtoModel.of(ReadingV1.class)), ReadingV1.class))
                .isEqualTo(new ReadingV1("s-1", 1.5));
        assertThat(MAPPER.convertValue(ProtoCodec.read(v1, 0, ProtoModel.of(ReadingV2.class)), ReadingV2.class))
                .isEqualTo(new ReadingV2("s-2", 2.5, Optional.empty()));
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedWithItsPointer() {
        assertThatThrownBy(() -> ProtoCodec.write(
                        MAPPER.createObjectNode().put("sku", "a").put("quantity", "many"), ProtoModel.of(Line.class)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("/quantity: expected int32, found STRING \"many\"");
    }
}
