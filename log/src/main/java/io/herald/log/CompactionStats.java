package io.herald.log;

/** What one compaction pass did: segments and bytes before and after, and the records it dropped. */
public record CompactionStats(
        int segmentsBefore, int segmentsAfter, long bytesBefore, long bytesAfter, long recordsDropped) {
    public static final CompactionStats NOTHING = new CompactionStats(0, 0, 0, 0, 0);
}
