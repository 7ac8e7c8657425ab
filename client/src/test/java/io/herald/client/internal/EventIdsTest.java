package io.herald.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {
    private static final long SOME_MS = 1_764_400_000_123L;

    @Test
    void idsAreVersion7WithTheTimeInTheirFirst48Bits() {
        UUID id = new EventIds(new Random(1)).nextUuid(SOME_MS);

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2); // RFC 9562's variant, 0b10
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(SOME_MS);
    }

    @Test
    void idsInOneMillisecondAreDistinct() {
        EventIds ids = new EventIds(new Random(2));
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            assertThat(seen.add(ids.nextUuid(SOME_MS))).isTrue();
        }
    }

    @Test
    void laterIdsSortAfterEarlierOnesAsText() {
        EventIds ids = new EventIds(new Random(3));
        String earlier = ids.nextUuid(SOME_MS).toString();
        String later = ids.nextUuid(SOME_MS + 1).toString();

        assertThat(later).isGreaterThan(earlier);
    }

    @Test
    void theSharedGeneratorUsesTheClock() {
        String id =
                EventIds.next(java.time.Clock.fixed(java.time.Instant.ofEpochMilli(SOME_MS), java.time.ZoneOffset.UTC));

        assertThat(UUID.fromString(id).getMostSignificantBits() >>> 16).isEqualTo(SOME_MS);
    }
}
