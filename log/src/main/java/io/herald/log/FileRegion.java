package io.herald.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A run of whole record batches in a segment file, ready to be sent with {@link #transferTo} (sendfile where the target
 * channel allows it). The channel belongs to the log: do not close it. A segment removed by retention or compaction
 * stays readable for {@code file.delete.delay.ms}, so send a region soon after reading it.
 */
public record FileRegion(FileChannel channel, long position, int sizeInBytes) {

    /** Sends the whole region to {@code target}, looping until every byte is written. */
    public void transferTo(WritableByteChannel target) throws IOException {
        long sent = 0;
        while (sent < sizeInBytes) {
            long n = channel.transferTo(position + sent, sizeInBytes - sent, target);
            if (n <= 0 && !target.isOpen()) throw new IOException("target channel closed after " + sent + " bytes");
            sent += n;
        }
    }

    /** Copies the region into a new heap buffer, for callers that need the bytes themselves. */
    public ByteBuffer read() throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(sizeInBytes);
        long at = position;
        while (bytes.hasRemaining()) {
            int n = channel.read(bytes, at);
            if (n < 0) throw new IOException("segment shorter than the region " + this);
            at += n;
        }
        return bytes.flip();
    }
}
