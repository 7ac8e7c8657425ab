package io.herald.broker.fuzz;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.RequestUtils;

/**
 * Request frames as bytes: an int32 size, the request header (v1: api key, version, correlation id, int16-length
 * client id; v2 adds tagged fields), then the body. The correlation id always sits at bytes 8-11 of a frame, so a
 * stored frame can be re-sent under a fresh one.
 */
final class Frames {
    static final int CORRELATION_ID_OFFSET = 8;

    private Frames() {}

    /** A well-formed frame for {@code body} at {@code version}; throws if the body cannot be written at that version. */
    static byte[] request(ApiKeys api, short version, int correlationId, String clientId, ApiMessage body) {
        RequestHeaderData header = new RequestHeaderData()
                .setRequestApiKey(api.id)
                .setRequestApiVersion(version)
                .setCorrelationId(correlationId)
                .setClientId(clientId);
        ByteBuffer buffer = RequestUtils.serialize(header, api.requestHeaderVersion(version), body, version);
        byte[] payload = new byte[buffer.remaining()];
        buffer.get(payload);
        return sizePrefixed(payload);
    }

    /** A request header written by hand, so that the key and version need not exist. */
    static byte[] header(short apiKey, short version, int correlationId, String clientId, boolean flexible) {
        ByteWriter out = new ByteWriter().int16(apiKey).int16(version).int32(correlationId);
        if (clientId == null) {
            out.int16(-1);
        } else {
            byte[] utf8 = clientId.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.int16(utf8.length).bytes(utf8);
        }
        if (flexible) out.uvarint(0);
        return out.toByteArray();
    }

    static byte[] sizePrefixed(byte[] payload) {
        return new ByteWriter().int32(payload.length).bytes(payload).toByteArray();
    }

    static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    /** A copy of {@code frame} with its correlation id replaced, when it is long enough to have one. */
    static byte[] withCorrelationId(byte[] frame, int correlationId) {
        byte[] copy = frame.clone();
        if (copy.length >= CORRELATION_ID_OFFSET + 4)
            ByteBuffer.wrap(copy).putInt(CORRELATION_ID_OFFSET, correlationId);
        return copy;
    }

    /** The frame's size field rewritten to the bytes that follow it. */
    static byte[] resized(byte[] frame) {
        byte[] copy = frame.clone();
        if (copy.length >= 4) ByteBuffer.wrap(copy).putInt(0, copy.length - 4);
        return copy;
    }

    static String hex(byte[] bytes, int max) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, max); i++) out.append(String.format("%02x", bytes[i]));
        if (bytes.length > max) out.append("...(").append(bytes.length).append(" bytes)");
        return out.toString();
    }
}
