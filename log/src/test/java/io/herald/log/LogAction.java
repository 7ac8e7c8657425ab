package io.herald.log;

import java.util.List;

/**
 * One step of a property run against a {@link PartitionLog} (see {@link ModelCheckedLog}). Actions are generated before
 * the log exists, so offsets and timestamps are given as picks that the run reduces modulo the range valid at that
 * moment: a pick shrinks towards the start of that range.
 */
sealed interface LogAction {
    /** A record to append: key {@code "k<keyIndex>"} or none when negative, a value of {@code valueBytes} or a tombstone when negative. */
    record NewRecord(int keyIndex, int valueBytes, int timestampDeltaMs) {}

    /** Appends one batch; without {@code waitForDurable} the append is never acknowledged to the producer. */
    record Append(List<NewRecord> records, boolean waitForDurable, boolean gzip, int producerId) implements LogAction {}

    /** Reads at an offset in {@code [logStartOffset, highWatermark]}. */
    record Read(int offsetPick, int maxBytes) implements LogAction {}

    /** Reads just below the log start offset or just above the log end offset. */
    record ReadOutOfRange(boolean belowStart) implements LogAction {}

    record Roll() implements LogAction {}

    record AdvanceClock(long ms) implements LogAction {}

    /** {@link PartitionLog#deleteExpiredSegments()}: retention by time, by size and below the log start offset. */
    record DeleteExpired() implements LogAction {}

    /** DeleteRecords at an offset in {@code [logStartOffset, highWatermark]}, or past the log end offset. */
    record DeleteRecords(int offsetPick, boolean pastLogEnd) implements LogAction {}

    record Compact() implements LogAction {}

    /** Looks up the timestamp of a stored record plus {@code deltaMs}. */
    record OffsetForTimestamp(int recordPick, long deltaMs) implements LogAction {}

    record Flush() implements LogAction {}

    /** The flush scheduler forces the rolled segments it holds (see {@link ModelCheckedLog}), moving the recovery point. */
    record ForceRolledSegments() implements LogAction {}

    /** Clean close, then open. */
    record Reopen() implements LogAction {}

    /**
     * The process dies: the directory is taken as it is, the unforced tail of each segment at or above the recovery
     * point damaged by {@code tear}, and opened.
     */
    record Crash(CrashedLogDir.Tear tear, int pick) implements LogAction {}

    /** Compaction runs and the process dies while swapping in its first group, at {@code stage}. */
    record CrashDuringCompaction(CrashedLogDir.SwapStage stage) implements LogAction {}
}
