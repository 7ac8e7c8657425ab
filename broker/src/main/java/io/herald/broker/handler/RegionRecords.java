package io.herald.broker.handler;

import io.herald.log.FileRegion;
import java.io.IOException;
import java.util.List;
import org.apache.kafka.common.network.TransferableChannel;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.RecordsSend;

/**
 * The records of a fetch response as regions of segment files, so that kafka-clients' response writer sends them
 * with {@link TransferableChannel#transferFrom} (sendfile on a plain socket) instead of copying them into the heap.
 * kafka-clients writes any {@link BaseRecords} that is not in memory through its {@link #toSend}.
 *
 * <p>Thread-safety: immutable; its send is used by one connection thread.
 */
final class RegionRecords implements BaseRecords {
    private final List<FileRegion> regions;
    private final int sizeInBytes;

    RegionRecords(List<FileRegion> regions) {
        this.regions = List.copyOf(regions);
        this.sizeInBytes = regions.stream().mapToInt(FileRegion::sizeInBytes).sum();
    }

    @Override
    public int sizeInBytes() {
        return sizeInBytes;
    }

    @Override
    public RecordsSend<RegionRecords> toSend() {
        return new RegionSend(this);
    }

    /** Sends the regions in order, resuming where the last call stopped. */
    private static final class RegionSend extends RecordsSend<RegionRecords> {
        RegionSend(RegionRecords records) {
            super(records, records.sizeInBytes);
        }

        @Override
        protected int writeTo(TransferableChannel channel, int previouslyWritten, int remaining) throws IOException {
            int skip = previouslyWritten;
            for (FileRegion region : records().regions) {
                if (skip >= region.sizeInBytes()) {
                    skip -= region.sizeInBytes();
                    continue;
                }
                long count = Math.min(region.sizeInBytes() - skip, remaining);
                long sent = channel.transferFrom(region.channel(), region.position() + skip, count);
                // A blocking socket takes at least a byte, so nothing sent means the file ends before the region.
                if (sent <= 0) throw new IOException("segment file ends inside the fetched region " + region);
                return (int) sent;
            }
            return 0;
        }
    }
}
