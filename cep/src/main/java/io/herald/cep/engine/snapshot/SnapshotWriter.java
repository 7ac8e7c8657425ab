package io.herald.cep.engine.snapshot;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes the primitive parts of an engine snapshot: numbers, strings and the JSON-ish values events and accumulators
 * hold. Big-endian ({@link DataOutputStream}); strings are a length ({@code int}, -1 for null) and UTF-8 bytes; a value
 * is a one-byte {@link ValueTag} and its payload, so a Long stays a Long and an Integer an Integer on restore. Maps
 * keep their iteration order (projected columns and {@code SELECT *} rows depend on it). Not thread-safe.
 */
public final class SnapshotWriter {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(bytes);

    /** A long, 8 bytes. */
    public void writeLong(long v) {
        io(() -> out.writeLong(v));
    }

    /** An int, 4 bytes. */
    public void writeInt(int v) {
        io(() -> out.writeInt(v));
    }

    /** A double as its raw IEEE 754 bits, 8 bytes: exact, NaN payloads and signed zeros included. */
    public void writeDouble(double v) {
        io(() -> out.writeLong(Double.doubleToRawLongBits(v)));
    }

    /** A boolean, 1 byte. */
    public void writeBoolean(boolean v) {
        io(() -> out.writeBoolean(v));
    }

    /** The low 8 bits of {@code v}. */
    public void writeByte(int v) {
        io(() -> out.writeByte(v));
    }

    /** A byte array with its length (an int). */
    public void writeBytes(byte[] b) {
        writeInt(b.length);
        io(() -> out.write(b));
    }

    /** A string, or null. */
    public void writeString(String s) {
        if (s == null) {
            writeInt(-1);
            return;
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        writeInt(utf8.length);
        io(() -> out.write(utf8));
    }

    /**
     * A value of an event field, an aggregate argument or a projected column.
     *
     * @throws IllegalArgumentException for a type the engine never produces (the message names it)
     */
    public void writeValue(Object v) {
        switch (v) {
            case null -> writeByte(ValueTag.NULL);
            case Boolean b -> {
                writeByte(ValueTag.BOOLEAN);
                writeBoolean(b);
            }
            case Long l -> {
                writeByte(ValueTag.LONG);
                writeLong(l);
            }
            case Double d -> {
                writeByte(ValueTag.DOUBLE);
                writeDouble(d);
            }
            case String s -> {
                writeByte(ValueTag.STRING);
                writeString(s);
            }
            case Integer i -> {
                writeByte(ValueTag.INTEGER);
                writeInt(i);
            }
            case Short s -> {
                writeByte(ValueTag.SHORT);
                writeInt(s);
            }
            case Byte b -> {
                writeByte(ValueTag.BYTE);
                writeInt(b);
            }
            case Float f -> {
                writeByte(ValueTag.FLOAT);
                io(() -> out.writeInt(Float.floatToRawIntBits(f)));
            }
            case BigDecimal d -> {
                writeByte(ValueTag.BIG_DECIMAL);
                writeString(d.toString());
            }
            case BigInteger i -> {
                writeByte(ValueTag.BIG_INTEGER);
                writeString(i.toString());
            }
            case List<?> list -> {
                writeByte(ValueTag.LIST);
                writeInt(list.size());
                list.forEach(this::writeValue);
            }
            case Map<?, ?> map -> {
                writeByte(ValueTag.MAP);
                writeMap(map);
            }
            default ->
                throw new IllegalArgumentException("a snapshot cannot hold a value of type "
                        + v.getClass().getName() + " (" + v + "); events must hold JSON values"
                        + " (null, boolean, number, string, list, map)");
        }
    }

    /** A map with string keys, in iteration order; null for none. */
    public void writeMap(Map<?, ?> map) {
        if (map == null) {
            writeInt(-1);
            return;
        }
        writeInt(map.size());
        for (Map.Entry<?, ?> e : map.entrySet()) {
            writeString(String.valueOf(e.getKey()));
            writeValue(e.getValue());
        }
    }

    /** Everything written so far. */
    public byte[] toByteArray() {
        io(out::flush);
        return bytes.toByteArray();
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static void io(IoAction action) {
        try {
            action.run();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e); // a ByteArrayOutputStream never does
        }
    }
}
