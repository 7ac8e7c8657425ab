package io.herald.broker.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetRecordsTest {

    @Property
    void commitRecordsRoundTrip(
            @ForAll @StringLength(max = 200) String group,
            @ForAll @StringLength(min = 1, max = 249) String topic,
            @ForAll @IntRange(min = 0) int partition,
            @ForAll long offset,
            @ForAll int leaderEpoch,
            @ForAll @StringLength(max = 300) String metadata,
            @ForAll long commitTimestamp) {
        TopicPartition tp = new TopicPartition(topic, partition);
        CommittedOffset committed = new CommittedOffset(offset, leaderEpoch, metadata, commitTimestamp);

        OffsetRecords.OffsetKey key = OffsetRecords.parseKey(ByteBuffer.wrap(OffsetRecords.key(group, tp)));
        CommittedOffset value = OffsetRecords.parseValue(ByteBuffer.wrap(OffsetRecords.value(committed)));

        assertThat(key).isEqualTo(new OffsetRecords.OffsetKey(group, tp));
        assertThat(value).isEqualTo(committed);
    }

    @Test
    void keyIsKafkasOffsetCommitKeyVersion1() {
        byte[] key = OffsetRecords.key("g", new TopicPartition("t", 7));

        assertThat(key).containsExactly(0, 1, 0, 1, 'g', 0, 1, 't', 0, 0, 0, 7);
    }

    @Test
    void readsAVersion1ValueWithItsExpireTimestamp() {
        byte[] metadata = "meta".getBytes(StandardCharsets.UTF_8);
        ByteBuffer v1 = ByteBuffer.allocate(2 + 8 + 2 + metadata.length + 8 + 8);
        v1.putShort((short) 1).putLong(42).putShort((short) metadata.length).put(metadata);
        v1.putLong(1000).putLong(2000).flip();

        assertThat(OffsetRecords.parseValue(v1)).isEqualTo(new CommittedOffset(42, -1, "meta", 1000));
    }

    @Test
    void groupMetadataKeysAreNotOffsetCommits() {
        ByteBuffer groupMetadataKey = ByteBuffer.allocate(2 + 2 + 1);
        groupMetadataKey.putShort((short) 2).putShort((short) 1).put((byte) 'g').flip();

        assertThat(OffsetRecords.parseKey(groupMetadataKey)).isNull();
    }
}
