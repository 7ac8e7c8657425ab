package io.herald.broker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GroupLedgerTest {
    @Test
    void historyShowsRunsOfConsumedRecordsAndCommitsInOrder() {
        GroupLedger ledger = new GroupLedger();
        for (long o = 10; o < 13; o++) ledger.consumed("c", 1, o);
        ledger.consumed("a", 0, 11); // another partition: not shown
        ledger.committed("c", 1, 13);
        for (long o = 16; o < 18; o++) ledger.consumed("b", 1, o);

        assertThat(ledger.historyAround(1, 13))
                .isEqualTo("partition 1 around 13:\n  c consumed 10..12\n  c committed 13\n  b consumed 16..17");
    }

    @Test
    void recordsConsumedBelowACommittedOffsetAreReported() {
        GroupLedger ledger = new GroupLedger();
        ledger.consumed("a", 0, 5);
        ledger.committed("a", 0, 6);
        ledger.consumed("b", 0, 5);

        assertThat(ledger.consumedAfterCommit()).containsExactly("b consumed 0@5 after offset 6 was committed");
        assertThat(ledger.consumed()).containsExactly("0@5");
    }
}
