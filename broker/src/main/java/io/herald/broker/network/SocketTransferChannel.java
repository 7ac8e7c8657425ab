package io.herald.broker.network;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import org.apache.kafka.common.network.TransferableChannel;

/**
 * A blocking {@link SocketChannel} seen as kafka-clients' {@link TransferableChannel}, so that a response built by
 * kafka-clients' {@code SendBuilder} is written with gathering writes, and record regions of a segment file go from the
 * page cache to the socket with {@link FileChannel#transferTo} (sendfile) without passing through the heap.
 *
 * <p>Thread-safety: used by the one virtual thread that serves the connection.
 */
final class SocketTransferChannel implements TransferableChannel {
    private final SocketChannel socket;

    SocketTransferChannel(SocketChannel socket) {
        this.socket = socket;
    }

    @Override
    public boolean hasPendingWrites() {
        return false; // plaintext: nothing is buffered between the caller and the socket
    }

    @Override
    public long transferFrom(FileChannel fileChannel, long position, long count) throws IOException {
        return fileChannel.transferTo(position, count, socket);
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
