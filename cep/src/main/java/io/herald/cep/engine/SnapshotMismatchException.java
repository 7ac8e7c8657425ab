package io.herald.cep.engine;

/** An engine snapshot restored into a plan other than the one it was taken from; the message names both. */
public final class SnapshotMismatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    SnapshotMismatchException(String message) {
        super(message);
    }
}
