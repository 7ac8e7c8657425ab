package io.herald.broker.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.types.ArrayOf;
import org.apache.kafka.common.protocol.types.BoundField;
import org.apache.kafka.common.protocol.types.CompactArrayOf;
import org.apache.kafka.common.protocol.types.Field;
import org.apache.kafka.common.protocol.types.Schema;
import org.apache.kafka.common.protocol.types.TaggedFields;
import org.apache.kafka.common.protocol.types.Type;

/**
 * Random request bodies that follow an API version's request schema (kafka-clients' {@code requestSchemas()}), so
 * that they get past the decoder and reach the handler with values no client would send: nulls, negative partition
 * indexes and offsets, {@code Integer.MAX_VALUE} byte limits, invalid UTF-8, unknown tagged fields, record batches from
 * {@link RecordBatches}. A few lengths lie (arrays claiming 2^30 elements, strings longer than the frame, compact
 * lengths of -1), which the decoder must refuse without allocating what they claim.
 *
 * <p>Values are chosen by field name where the name says what the field means (topics, partitions, offsets, waits),
 * mostly from the seed topics of the broker under test, so that the handlers' real paths run, not only their
 * not-found branches. Not thread-safe.
 */
final class SchemaBodies {
    private static final int MAX_DEPTH = 8;
    private static final long[] INTERESTING = {
        0,
        1,
        -1,
        2,
        -2,
        127,
        128,
        255,
        0x7FFF,
        0x8000,
        0xFFFF,
        Integer.MAX_VALUE,
        Integer.MIN_VALUE,
        1L << 30,
        Long.MAX_VALUE,
        Long.MIN_VALUE,
        100L << 20
    };

    /** What the broker under test holds: names and ids for topic fields. */
    record Vocabulary(List<String> topicNames, List<Uuid> topicIds) {}

    private final SplittableRandom random;
    private final Vocabulary vocabulary;
    private final RecordBatches batches;

    SchemaBodies(SplittableRandom random, Vocabulary vocabulary) {
        this.random = random;
        this.vocabulary = vocabulary;
        this.batches = new RecordBatches(random);
    }

    /** A body for {@code api} at {@code version}, or random bytes when kafka-clients has no schema for it. */
    byte[] body(ApiKeys api, short version) {
        Schema[] schemas = api.messageType.requestSchemas();
        ByteWriter out = new ByteWriter();
        if (version < 0 || version >= schemas.length || schemas[version] == null) {
            out.bytes(randomBytes(random.nextInt(0, 64)));
        } else {
            write(schemas[version], "", out, 0);
        }
        return out.toByteArray();
    }

    private void write(Type type, String name, ByteWriter out, int depth) {
        if (type instanceof TaggedFields tagged) {
            taggedFields(tagged, out, depth);
        } else if (type instanceof Schema struct) {
            if (struct.isNullable()) {
                if (random.nextInt(8) == 0) {
                    out.int8(-1);
                    return;
                }
                out.int8(1);
            }
            for (BoundField field : struct.fields()) write(field.def.type, field.def.name, out, depth + 1);
        } else if (type instanceof ArrayOf || type instanceof CompactArrayOf) {
            array(type, name, out, depth);
        } else {
            primitive(type, key(name), out);
        }
    }

    private void array(Type type, String name, ByteWriter out, int depth) {
        boolean compact = type instanceof CompactArrayOf;
        int pick = random.nextInt(100);
        int count;
        if (pick < 3 || depth >= MAX_DEPTH) count = 0;
        else if (pick < 6) count = (int) lie();
        else if (pick < 9 && type.isNullable()) count = -1;
        else count = random.nextInt(100) < 85 ? random.nextInt(1, 3) : random.nextInt(3, 12);
        if (compact) out.uvarint(count + 1);
        else out.int32(count);
        Type element = type.arrayElementType().orElseThrow();
        for (int i = 0; i < Math.min(Math.max(count, 0), 12); i++) write(element, name, out, depth + 1);
    }

    private void taggedFields(TaggedFields tagged, ByteWriter out, int depth) {
        if (random.nextInt(10) != 0 || depth >= MAX_DEPTH) {
            out.uvarint(0);
            return;
        }
        Map<Integer, Field> known = tagged.fields();
        TreeMap<Integer, byte[]> chosen = new TreeMap<>();
        for (Map.Entry<Integer, Field> entry : known.entrySet()) {
            if (random.nextBoolean()) {
                ByteWriter value = new ByteWriter();
                write(entry.getValue().type, entry.getValue().name, value, depth + 1);
                chosen.put(entry.getKey(), value.toByteArray());
            }
        }
        if (random.nextInt(3) == 0) chosen.put(1000 + random.nextInt(1000), randomBytes(random.nextInt(0, 16)));
        out.uvarint(chosen.size());
        for (Map.Entry<Integer, byte[]> entry : chosen.entrySet()) {
            out.uvarint(entry.getKey());
            out.uvarint(random.nextInt(50) == 0 ? (int) lie() : entry.getValue().length);
            out.bytes(entry.getValue());
        }
    }

    private void primitive(Type type, String key, ByteWriter out) {
        if (type == Type.BOOLEAN) out.int8(random.nextInt(20) == 0 ? random.nextInt() : random.nextInt(2));
        else if (type == Type.INT8) out.int8((int) number(key));
        else if (type == Type.INT16 || type == Type.UINT16) out.int16((int) number(key));
        else if (type == Type.INT32 || type == Type.UNSIGNED_INT32) out.int32((int) number(key));
        else if (type == Type.INT64) out.int64(number(key));
        else if (type == Type.VARINT) out.varint((int) number(key));
        else if (type == Type.VARLONG) out.varlong(number(key));
        else if (type == Type.FLOAT64) out.int64(Double.doubleToLongBits(random.nextDouble() * number(key)));
        else if (type == Type.UUID) uuid(out);
        else if (type == Type.STRING) string(key, false, false, out);
        else if (type == Type.NULLABLE_STRING) string(key, false, true, out);
        else if (type == Type.COMPACT_STRING) string(key, true, false, out);
        else if (type == Type.COMPACT_NULLABLE_STRING) string(key, true, true, out);
        else if (type == Type.BYTES || type == Type.NULLABLE_BYTES)
            blob(randomBytes(random.nextInt(0, 32)), false, type.isNullable(), out);
        else if (type == Type.COMPACT_BYTES || type == Type.COMPACT_NULLABLE_BYTES)
            blob(randomBytes(random.nextInt(0, 32)), true, type.isNullable(), out);
        else if (type == Type.RECORDS || type == Type.NULLABLE_RECORDS) blob(batches.any(), false, true, out);
        else if (type == Type.COMPACT_RECORDS || type == Type.COMPACT_NULLABLE_RECORDS)
            blob(batches.any(), true, true, out);
        else throw new IllegalArgumentException("no generator for protocol type " + type);
    }

    /** A number for the field: mostly a value its meaning makes plausible, sometimes an extreme. */
    private long number(String key) {
        if (random.nextInt(100) < 15) return INTERESTING[random.nextInt(INTERESTING.length)];
        if (random.nextInt(100) < 5) return random.nextLong();
        if (key.endsWith("waitms") || key.endsWith("timeoutms")) return random.nextInt(0, 20);
        if (key.contains("partition") && !key.contains("bytes") || key.equals("index")) return random.nextInt(-1, 4);
        if (key.contains("offset") || key.contains("timestamp")) return random.nextLong(-6, 300);
        if (key.contains("epoch")) return random.nextInt(-1, 2);
        if (key.equals("acks")) return random.nextInt(-1, 2);
        if (key.contains("bytes")) return random.nextInt(0, 1 << 20);
        if (key.equals("sessionid") || key.contains("replica")) return random.nextInt(4) == 0 ? random.nextInt(3) : -1;
        return random.nextInt(-1, 10);
    }

    private void string(String key, boolean compact, boolean nullable, ByteWriter out) {
        int pick = random.nextInt(100);
        if (nullable && pick < 8) {
            if (compact) out.uvarint(0);
            else out.int16(-1);
            return;
        }
        byte[] utf8;
        if (pick < 10) utf8 = new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF}; // not UTF-8
        else if (key.contains("topic") || key.equals("name")) utf8 = topicName().getBytes(StandardCharsets.UTF_8);
        else utf8 = ("s" + random.nextInt(1000)).getBytes(StandardCharsets.UTF_8);
        blob(utf8, compact, false, out, pick < 13);
    }

    private String topicName() {
        int pick = random.nextInt(100);
        if (pick < 75)
            return vocabulary
                    .topicNames()
                    .get(random.nextInt(vocabulary.topicNames().size()));
        if (pick < 85) return "fz-" + random.nextInt(64); // auto-creatable, but a bounded number of them
        if (pick < 90) return "";
        if (pick < 95) return "bad name/" + random.nextInt(10);
        return "x".repeat(random.nextInt(240, 300)); // past Kafka's 249-character limit
    }

    private void uuid(ByteWriter out) {
        int pick = random.nextInt(100);
        Uuid id = pick < 70 && !vocabulary.topicIds().isEmpty()
                ? vocabulary.topicIds().get(random.nextInt(vocabulary.topicIds().size()))
                : pick < 85 ? Uuid.ZERO_UUID : new Uuid(random.nextLong(), random.nextLong());
        out.int64(id.getMostSignificantBits()).int64(id.getLeastSignificantBits());
    }

    private void blob(byte[] bytes, boolean compact, boolean nullable, ByteWriter out) {
        if (bytes == null || nullable && random.nextInt(20) == 0) {
            if (compact) out.uvarint(0);
            else if (nullable) out.int32(-1);
            else out.int32(0);
            return;
        }
        blob(bytes, compact, true, out, random.nextInt(100) < 3);
    }

    /** A length and the bytes; the length lies when {@code lie} (strings: int16, bytes/records: int32). */
    private void blob(byte[] bytes, boolean compact, boolean int32Length, ByteWriter out, boolean lie) {
        int length = lie ? (int) lie() : bytes.length;
        if (compact) out.uvarint(length + 1);
        else if (int32Length) out.int32(length);
        else out.int16(length);
        out.bytes(bytes);
    }

    private long lie() {
        return switch (random.nextInt(5)) {
            case 0 -> 1 << 30;
            case 1 -> Integer.MAX_VALUE - 1;
            case 2 -> -2;
            case 3 -> 0x7FFF;
            default -> random.nextInt(13, 100_000);
        };
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) bytes[i] = (byte) random.nextInt();
        return bytes;
    }

    private static String key(String fieldName) {
        return fieldName.replace("_", "").toLowerCase(Locale.ROOT);
    }
}
