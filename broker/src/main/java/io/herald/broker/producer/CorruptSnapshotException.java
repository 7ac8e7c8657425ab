package io.herald.broker.producer;

import java.io.IOException;

/** A producer state snapshot that cannot be trusted: bad length, version or CRC. The loader skips it. */
final class CorruptSnapshotException extends IOException {
    CorruptSnapshotException(String message) {
        super(message);
    }
}
