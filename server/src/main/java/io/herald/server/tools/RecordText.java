package io.herald.server.tools;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * How {@code herald consume} prints a record: one line, tab-separated fields
 * {@code partition/offset  timestamp  key  value  headers}, key and headers optional.
 *
 * <p>Keys, values and header values are printed as UTF-8 text. So that a record stays on one line and its fields
 * stay apart, a backslash prints as {@code \\}, tab, newline and carriage return as {@code \t}, {@code \n},
 * {@code \r}, other control characters as {@code \}{@code uXXXX}; bytes that are not valid UTF-8 make the whole
 * field print as ASCII with every other byte as {@code \xNN}. A null key or value prints as {@code null}, no headers
 * as {@code NO_HEADERS}, as {@code kafka-console-consumer} does.
 */
final class RecordText {
    private RecordText() {}

    static String line(
            ConsumerRecord<byte[], byte[]> record, boolean printTimestamp, boolean printKey, boolean printHeaders) {
        List<String> fields = new ArrayList<>(5);
        fields.add(record.partition() + "/" + record.offset());
        if (printTimestamp)
            fields.add(
                    record.timestamp() < 0
                            ? "-"
                            : Instant.ofEpochMilli(record.timestamp()).toString());
        if (printKey) fields.add(escape(record.key()));
        fields.add(escape(record.value()));
        if (printHeaders) fields.add(headers(record));
        return String.join("\t", fields);
    }

    private static String headers(ConsumerRecord<byte[], byte[]> record) {
        List<String> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            headers.add(escape(header.key().getBytes(StandardCharsets.UTF_8)) + "=" + escape(header.value()));
        }
        return headers.isEmpty() ? "NO_HEADERS" : String.join(",", headers);
    }

    static String escape(byte[] bytes) {
        if (bytes == null) return "null";
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            return escapeBytes(bytes);
        }
        StringBuilder escaped = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case '\\' -> escaped.append("\\\\");
                case '\t' -> escaped.append("\\t");
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                default -> {
                    if (Character.isISOControl(c)) escaped.append(String.format("\\u%04x", c));
                    else escaped.appendCodePoint(c);
                }
            }
        });
        return escaped.toString();
    }

    private static String escapeBytes(byte[] bytes) {
        StringBuilder escaped = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            int unsigned = b & 0xff;
            if (unsigned == '\\') escaped.append("\\\\");
            else if (unsigned >= 0x20 && unsigned < 0x7f) escaped.append((char) unsigned);
            else escaped.append(String.format("\\x%02x", unsigned));
        }
        return escaped.toString();
    }
}
