package io.herald.cep.engine.snapshot;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what {@link SnapshotWriter} wrote, in the same order. Truncated or malformed input is an {@link
 * CorruptSnapshotException}, never a partly restored value. Not thread-safe.
 */
public final class SnapshotReader {
    private final DataInputStream in;
    private final int length;

    /** A reader over the whole array. */
    public SnapshotReader(byte[] snapshot) {
        this.in = new DataInputStream(new ByteArrayInputStream(snapshot));
        this.length = snapshot.length;
    }

    /** A long, 8 bytes. */
    public long readLong() {
        return io(in::readLong);
    }

    /** An int, 4 bytes. */
    public int readInt() {
        return io(in::readInt);
    }

    /** A count of items that follow; each takes at least one byte, so a count past the input's length is corrupt. */
    public int readCount() {
        int n = readInt();
        if (n < 0 || n > length) {
            throw new CorruptSnapshotException("a count of " + n + " in a snapshot of " + length + " bytes");
        }
        return n;
    }

    /** A double from its raw bits. */
    public double readDouble() {
        return Double.longBitsToDouble(readLong());
    }

    /** A boolean, 1 byte. */
    public boolean readBoolean() {
        return io(in::readBoolean);
    }

    /** One byte, unsigned. */
    public int readByte() {
        return io(in::readUnsignedByte);
    }

    /** A byte array as {@link SnapshotWriter#writeBytes} wrote it. */
    public byte[] readBytes() {
        int n = readInt();
        if (n < 0 || n > length) {
            throw new CorruptSnapshotException("a byte array of " + n + " bytes in a snapshot of " + length + " bytes");
        }
        byte[] b = new byte[n];
        io(() -> {
            in.readFully(b);
            return null;
        });
        return b;
    }

    /** A string, or null. */
    public String readString() {
        int n = readInt();
        if (n == -1) {
            return null;
        }
        if (n < 0 || n > length) {
            throw new CorruptSnapshotException("a string of " + n + " bytes in a snapshot of " + length + " bytes");
        }
        byte[] utf8 = new byte[n];
        io(() -> {
            in.readFully(utf8);
            return null;
        });
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** A value as {@link SnapshotWriter#writeValue} wrote it, with its type. */
    public Object readValue() {
        int tag = readByte();
        return switch (tag) {
            case ValueTag.NULL -> null;
            case ValueTag.BOOLEAN -> readBoolean();
            case ValueTag.LONG -> readLong();
            case ValueTag.DOUBLE -> readDouble();
            case ValueTag.STRING -> readString();
            case ValueTag.INTEGER -> readInt();
            case ValueTag.SHORT -> (short) readInt();
            case ValueTag.BYTE -> (byte) readInt();
            case ValueTag.FLOAT -> Float.intBitsToFloat(readInt());
            case ValueTag.BIG_DECIMAL -> new BigDecimal(readString());
            case ValueTag.BIG_INTEGER -> new BigInteger(readString());
            case ValueTag.LIST -> {
                int n = readCount();
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(readValue());
                }
                yield list;
            }
            case ValueTag.MAP -> readMap();
            default -> throw new CorruptSnapshotException("unknown value tag " + tag);
        };
    }

    /** A map in the order it was written, or null. */
    public Map<String, Object> readMap() {
        int n = readInt();
        if (n == -1) {
            return null;
        }
        if (n < 0 || n > length) {
            throw new CorruptSnapshotException("a map of " + n + " entries in a snapshot of " + length + " bytes");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String key = readString();
            map.put(key, readValue());
        }
        return map;
    }

    /** Whether every byte was read: a restore checks it, so trailing garbage is not silently accepted. */
    public boolean atEnd() {
        return io(() -> in.available() == 0);
    }

    private interface IoRead<T> {
        T read() throws IOException;
    }

    private static <T> T io(IoRead<T> read) {
        try {
            return read.read();
        } catch (IOException e) {
            throw new CorruptSnapshotException("the snapshot ends early or is malformed (" + e + ")");
        }
    }
}
