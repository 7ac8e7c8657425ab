package io.herald.cep.engine.snapshot;

/** An engine snapshot that cannot be read: truncated, malformed, or of an unknown format version. */
public final class CorruptSnapshotException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** {@code message} says what is wrong with the bytes; the fix (start from offsets) is appended. */
    public CorruptSnapshotException(String message) {
        super("corrupt engine snapshot: " + message
                + "; start the rule from its committed offsets instead (the runner does so by itself)");
    }
}
