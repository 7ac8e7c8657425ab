package io.herald.server.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class RecordTextTest {

    @Test
    void printsPartitionOffsetTimestampKeyValueAndHeadersTabSeparated() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader("source", bytes("cli")));
        ConsumerRecord<byte[], byte[]> record = record(bytes("k"), bytes("hello"), headers);

        assertThat(RecordText.line(record, true, true, true))
                .isEqualTo("2/41\t2026-01-31T12:00:00Z\tk\thello\tsource=cli");
    }

    @Test
    void omitsWhatItIsToldNotToPrint() {
        ConsumerRecord<byte[], byte[]> record = record(bytes("k"), bytes("hello"), new RecordHeaders());

        assertThat(RecordText.line(record, false, false, false)).isEqualTo("2/41\thello");
    }

    @Test
    void nullKeyValueAndNoHeadersPrintAsKafkaConsoleConsumerDoes() {
        ConsumerRecord<byte[], byte[]> record = record(null, null, new RecordHeaders());

        assertThat(RecordText.line(record, false, true, true)).isEqualTo("2/41\tnull\tnull\tNO_HEADERS");
    }

    @Test
    void escapesWhatWouldBreakTheLineOrItsFields() {
        assertThat(RecordText.escape(bytes("a\tb\nc\\d\r\u0001"))).isEqualTo("a\\tb\\nc\\\\d\\r\\u0001");
    }

    @Test
    void keepsPrintableUnicode() {
        assertThat(RecordText.escape(bytes("héraut ✓"))).isEqualTo("héraut ✓");
    }

    @Test
    void escapesBytesThatAreNotUtf8() {
        assertThat(RecordText.escape(new byte[] {'a', (byte) 0xff, 0, '\\'})).isEqualTo("a\\xff\\x00\\\\");
    }

    private static ConsumerRecord<byte[], byte[]> record(byte[] key, byte[] value, RecordHeaders headers) {
        return new ConsumerRecord<>(
                "orders",
                2,
                41,
                1_769_860_800_000L,
                TimestampType.CREATE_TIME,
                -1,
                -1,
                key,
                value,
                headers,
                Optional.empty());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
