package io.herald.server.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.server.CommandFailedException;
import io.herald.server.tools.OffsetReset.NewOffset;
import io.herald.server.tools.OffsetReset.PartitionOffsets;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The new offset each reset mode picks for a partition whose log holds offsets 2..9 (log start offset 2, log end
 * offset 10) and whose committed offset is 5.
 */
@Timeout(30)
class GroupsResetPlanTest {
    private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);
    private static final PartitionOffsets LOG = new PartitionOffsets(2, 10, 5L, null);

    @Test
    void toEarliestIsTheLogStartOffset() {
        assertThat(new OffsetReset.ToEarliest().newOffset(ORDERS_0, LOG)).isEqualTo(new NewOffset(2, null));
    }

    @Test
    void toLatestIsTheLogEndOffset() {
        assertThat(new OffsetReset.ToLatest().newOffset(ORDERS_0, LOG)).isEqualTo(new NewOffset(10, null));
    }

    @Test
    void toOffsetWithinTheLogIsThatOffset() {
        assertThat(new OffsetReset.ToOffset(7).newOffset(ORDERS_0, LOG)).isEqualTo(new NewOffset(7, null));
    }

    @Test
    void toOffsetBeforeTheLogStartIsTheLogStartOffsetWithANote() {
        assertThat(new OffsetReset.ToOffset(0).newOffset(ORDERS_0, LOG))
                .isEqualTo(new NewOffset(2, "offset 0 is before the log start offset of orders-0; using 2"));
    }

    @Test
    void shiftByMovesFromTheCommittedOffset() {
        assertThat(new OffsetReset.ShiftBy(-2).newOffset(ORDERS_0, LOG)).isEqualTo(new NewOffset(3, null));
        assertThat(new OffsetReset.ShiftBy(4).newOffset(ORDERS_0, LOG)).isEqualTo(new NewOffset(9, null));
    }

    @Test
    void shiftByPastEitherEndStopsAtIt() {
        assertThat(new OffsetReset.ShiftBy(-100).newOffset(ORDERS_0, LOG).offset())
                .isEqualTo(2);
        assertThat(new OffsetReset.ShiftBy(Long.MAX_VALUE)
                        .newOffset(ORDERS_0, LOG)
                        .offset())
                .isEqualTo(10);
    }

    @Test
    void shiftByWithoutCommittedOffsetFails() {
        PartitionOffsets uncommitted = new PartitionOffsets(2, 10, null, null);

        assertThatThrownBy(() -> new OffsetReset.ShiftBy(1).newOffset(ORDERS_0, uncommitted))
                .isInstanceOf(CommandFailedException.class)
                .hasMessageStartingWith("cannot shift orders-0 by 1: the group has no committed offset there");
    }

    @Test
    void toTimestampIsTheFirstOffsetAtOrAfterIt() {
        PartitionOffsets found = new PartitionOffsets(2, 10, 5L, 6L);

        assertThat(new OffsetReset.ToTimestamp(1_000, "--to-datetime 1000").newOffset(ORDERS_0, found))
                .isEqualTo(new NewOffset(6, null));
    }

    @Test
    void toTimestampAfterTheLastRecordIsTheLogEndOffsetWithANote() {
        NewOffset newOffset = new OffsetReset.ToTimestamp(1_000, "--by-duration PT1H").newOffset(ORDERS_0, LOG);

        assertThat(newOffset.offset()).isEqualTo(10);
        assertThat(newOffset.note())
                .isEqualTo("orders-0 has no record at or after 1970-01-01T00:00:01Z (--by-duration PT1H); using its"
                        + " log end offset 10");
    }

    @Test
    void commitRefusedAsFromAnUnknownMemberSaysToStopTheConsumers() {
        // what the broker answers an admin's commit (generation -1) to a group that gained members after the check
        ExecutionException refused = new ExecutionException(new UnknownMemberIdException("unknown member"));

        CommandFailedException failure = KafkaFailures.explainGroup(refused, "127.0.0.1:9092", "billing", null);

        assertThat(failure.getMessage())
                .isEqualTo("consumer group 'billing' has active members; stop the group's consumers first (see them"
                        + " with: herald groups describe billing)");
    }
}
