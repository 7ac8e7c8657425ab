package io.herald.client.internal.schema;

import java.nio.ByteBuffer;

/**
 * Confluent's schema registry wire format, version 0, for Avro and JSON Schema values. Stateless.
 *
 * <pre>
 * byte 0      magic byte, 0
 * bytes 1-4   the schema id in the registry, a big-endian int32
 * bytes 5-    the payload: UTF-8 JSON for JSON Schema, Avro binary encoding for Avro
 * </pre>
 */
public final class WireFormat {
    /** The magic byte of version 0. */
    public static final byte MAGIC = 0;
    /** Bytes before the payload. */
    public static final int HEADER_BYTES = 5;

    private WireFormat() {}

    /** {@code payload} framed with the magic byte and {@code schemaId}. */
    public static byte[] frame(int schemaId, byte[] payload) {
        return ByteBuffer.allocate(HEADER_BYTES + payload.length)
                .put(MAGIC)
                .putInt(schemaId)
                .put(payload)
                .array();
    }

    /** Whether {@code data} starts like a framed value: at least the header, magic byte 0. */
    public static boolean isFramed(byte[] data) {
        return data != null && data.length >= HEADER_BYTES && data[0] == MAGIC;
    }

    /**
     * The schema id and payload of a framed value.
     *
     * @throws IllegalArgumentException if {@code data} is shorter than the header or its magic byte is not 0, naming
     *     what was found
     */
    public static Framed parse(byte[] data) {
        if (data == null || data.length < HEADER_BYTES) {
            throw new IllegalArgumentException("data is " + (data == null ? "null" : data.length + " bytes")
                    + ", shorter than the schema registry wire format's 5-byte header (magic byte 0, schema id)");
        }
        if (data[0] != MAGIC) {
            throw new IllegalArgumentException("data starts with byte " + (data[0] & 0xff)
                    + ", not the schema registry wire format's magic byte 0; was it written by a registry serializer?");
        }
        ByteBuffer buffer = ByteBuffer.wrap(data);
        buffer.get();
        int schemaId = buffer.getInt();
        byte[] payload = new byte[data.length - HEADER_BYTES];
        buffer.get(payload);
        return new Framed(schemaId, payload);
    }

    /**
     * A value read from the wire format.
     *
     * @param schemaId the writer's schema id
     * @param payload the bytes after the header
     */
    public record Framed(int schemaId, byte[] payload) {}
}
