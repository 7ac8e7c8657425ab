package io.herald.broker.group;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.TopicPartition;

/**
 * The records of {@code __consumer_offsets}, in Apache Kafka's own format, so that Kafka's tools can read the topic.
 *
 * <p>Key of an offset commit (key versions 0 and 1 have the same layout; version 1 is written):
 *
 * <pre>
 * int16 key version | string group | string topic | int32 partition
 * </pre>
 *
 * Value, version 3 (versions 0-3 are read):
 *
 * <pre>
 * v0, v2: int16 version | int64 offset | string metadata | int64 commit timestamp
 * v1:     int16 version | int64 offset | string metadata | int64 commit timestamp | int64 expire timestamp
 * v3:     int16 version | int64 offset | int32 leader epoch | string metadata | int64 commit timestamp
 * </pre>
 *
 * A string is an int16 length and that many UTF-8 bytes. A null value (a tombstone) removes the committed offset. Keys of
 * other versions (Kafka's group metadata, version 2, and its newer consumer group records) are not Herald's and are
 * skipped on replay.
 */
final class OffsetRecords {
    private static final short KEY_VERSION = 1;
    private static final short VALUE_VERSION = 3;

    private OffsetRecords() {}

    static byte[] key(String group, TopicPartition tp) {
        byte[] g = utf8(group);
        byte[] t = utf8(tp.topic());
        ByteBuffer key = ByteBuffer.allocate(2 + 2 + g.length + 2 + t.length + 4);
        key.putShort(KEY_VERSION);
        key.putShort((short) g.length).put(g);
        key.putShort((short) t.length).put(t);
        key.putInt(tp.partition());
        return key.array();
    }

    static byte[] value(CommittedOffset committed) {
        byte[] m = utf8(committed.metadata());
        ByteBuffer value = ByteBuffer.allocate(2 + 8 + 4 + 2 + m.length + 8);
        value.putShort(VALUE_VERSION);
        value.putLong(committed.offset());
        value.putInt(committed.leaderEpoch());
        value.putShort((short) m.length).put(m);
        value.putLong(committed.commitTimestampMs());
        return value.array();
    }

    /** The group and partition of an offset commit key, or null for a key of another kind. */
    static OffsetKey parseKey(ByteBuffer key) {
        ByteBuffer b = key.duplicate();
        short version = b.getShort();
        if (version != 0 && version != 1) return null;
        String group = string(b);
        String topic = string(b);
        return new OffsetKey(group, new TopicPartition(topic, b.getInt()));
    }

    static CommittedOffset parseValue(ByteBuffer value) {
        ByteBuffer b = value.duplicate();
        short version = b.getShort();
        long offset = b.getLong();
        return switch (version) {
            case 0, 1, 2 -> new CommittedOffset(offset, -1, string(b), b.getLong());
            case 3 -> {
                int leaderEpoch = b.getInt();
                yield new CommittedOffset(offset, leaderEpoch, string(b), b.getLong());
            }
            default -> throw new IllegalArgumentException("unknown offset commit value version " + version);
        };
    }

    private static byte[] utf8(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > Short.MAX_VALUE) {
            throw new IllegalArgumentException("a string of " + bytes.length + " bytes does not fit an int16 length");
        }
        return bytes;
    }

    private static String string(ByteBuffer b) {
        short length = b.getShort();
        byte[] bytes = new byte[length];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The group and partition an offset commit record is about. */
    record OffsetKey(String group, TopicPartition partition) {}
}
