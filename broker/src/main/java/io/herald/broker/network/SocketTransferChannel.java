package io.herald.broker.network;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import org.apache.kafka.common.network.TransferableChannel;

/**
 * A blocking {@link SocketChannel} seen as kafka-clients' {@link TransferableChannel}, so that a response built by
 * kafka-clients' {@code SendBuilder} is written with gathering writes, and record regions of a segment file go from the
 * page cache to the socket with {@link FileChannel#transferTo} (sendfile) without passing through the heap, except
 * when the socket is full (see {@link #transferFrom}).
 *
 * <p>Thread-safety: used by the one virtual thread that serves the connection.
 */
final class SocketTransferChannel implements TransferableChannel {
    private static final int CHUNK_BYTES = 64 * 1024;

    private final SocketChannel socket;
    private ByteBuffer chunk;

    SocketTransferChannel(SocketChannel socket) {
        this.socket = socket;
    }

    @Override
    public boolean hasPendingWrites() {
        return false; // plaintext: nothing is buffered between the caller and the socket
    }

    @Override
    public long transferFrom(FileChannel fileChannel, long position, long count) throws IOException {
        long sent = fileChannel.transferTo(position, count, socket);
        if (sent > 0 || count == 0) return sent;
        // Under a virtual thread the socket is non-blocking underneath, and transferTo returns 0 instead of waiting
        // when the socket's send buffer is full. A write does wait (it parks the virtual thread), so one chunk goes
        // through a buffer, and the next call tries sendfile again.
        ByteBuffer chunk = chunk();
        chunk.clear().limit((int) Math.min(count, chunk.capacity()));
        int read = fileChannel.read(chunk, position);
        if (read <= 0) return 0; // the file ends before the region: the caller reports it
        chunk.flip();
        while (chunk.hasRemaining()) socket.write(chunk);
        return read;
    }

    private ByteBuffer chunk() {
        if (chunk == null) chunk = ByteBuffer.allocateDirect(CHUNK_BYTES);
        return chunk;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        return socket.write(srcs, offset, length);
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
        return socket.write(srcs);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return socket.write(src);
    }

    @Override
    public boolean isOpen() {
        return socket.isOpen();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
