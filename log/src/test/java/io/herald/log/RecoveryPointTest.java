package io.herald.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.log.internal.Segment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recovery point moves only over rolled segments whose force completed, in roll order. */
class RecoveryPointTest {
    @TempDir
    Path dir;

    private final List<Segment> opened = new ArrayList<>();

    @AfterEach
    void closeSegments() throws IOException {
        for (Segment s : opened) s.close();
    }

    @Test
    void aLaterSegmentForcedFirstDoesNotMoveTheRecoveryPointPastAnEarlierOne() throws IOException {
        RecoveryPoint point = RecoveryPoint.openAt(dir, 0);
        Segment a = segment(0);
        Segment b = segment(10);
        point.onRolled(a, 10);
        point.onRolled(b, 25);

        long afterB = point.onForced(b);

        assertThat(afterB).as("B forced before A").isEqualTo(-1);
        assertThat(point.offset()).isZero();
        assertThat(point.unforced()).extracting(RecoveryPoint.Rolled::segment).containsExactly(a);
        assertThat(point.onForced(a))
                .as("A forced: the recovery point passes both")
                .isEqualTo(25);
        assertThat(point.unforced()).isEmpty();
    }

    @Test
    void theCheckpointFileNeverMovesBackWhileTheLogIsOpenAndStopsAtClose() throws IOException {
        RecoveryPoint point = RecoveryPoint.openAt(dir, 7);
        point.checkpoint(20);
        point.checkpoint(15);
        assertThat(checkpointed()).isEqualTo(20);

        point.close(30);
        point.checkpoint(40);

        assertThat(checkpointed()).as("written at close, not after").isEqualTo(30);
    }

    private long checkpointed() throws IOException {
        return Long.parseLong(Files.readString(dir.resolve(RecoveryPoint.FILE)).trim());
    }

    private Segment segment(long base) throws IOException {
        Segment s = Segment.create(dir, base, "", 4096, 0);
        opened.add(s);
        return s;
    }
}
