package io.herald.broker.fuzz;

import java.util.Arrays;

/**
 * A growable big-endian byte sink with the Kafka protocol's primitives (fixed-width ints, unsigned varints for compact
 * lengths, zig-zag varints), used to write request frames byte by byte, including ones that break the protocol's rules.
 * Not thread-safe.
 */
final class ByteWriter {
    private byte[] bytes = new byte[128];
    private int size;

    ByteWriter int8(int value) {
        ensure(1);
        bytes[size++] = (byte) value;
        return this;
    }

    ByteWriter int16(int value) {
        return int8(value >> 8).int8(value);
    }

    ByteWriter int32(int value) {
        return int16(value >> 16).int16(value);
    }

    ByteWriter int64(long value) {
        return int32((int) (value >> 32)).int32((int) value);
    }

    /** An unsigned varint, as compact lengths and tags are written. */
    ByteWriter uvarint(int value) {
        int v = value;
        while ((v & 0xFFFFFF80) != 0) {
            int8((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        return int8(v);
    }

    ByteWriter varint(int value) {
        return uvarint((value << 1) ^ (value >> 31));
    }

    ByteWriter varlong(long value) {
        long v = (value << 1) ^ (value >> 63);
        while ((v & 0xFFFFFFFFFFFFFF80L) != 0) {
            int8((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        return int8((int) v);
    }

    ByteWriter bytes(byte[] more) {
        ensure(more.length);
        System.arraycopy(more, 0, bytes, size, more.length);
        size += more.length;
        return this;
    }

    int size() {
        return size;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
}
