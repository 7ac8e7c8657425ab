package io.herald.log;

import java.util.List;

/**
 * What a read returns: the regions holding whole batches from the first one that contains the requested offset, in
 * offset order, and the log's offsets at the time of the read. An empty region list means nothing is readable at that
 * offset yet (it is at or past the high watermark).
 */
public record LogReadResult(List<FileRegion> regions, long highWatermark, long logStartOffset, long logEndOffset) {

    public int sizeInBytes() {
        return regions.stream().mapToInt(FileRegion::sizeInBytes).sum();
    }
}
