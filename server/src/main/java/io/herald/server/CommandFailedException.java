package io.herald.server;

/**
 * A command could not do its work for a reason the user can act on (the broker is unreachable, the topic does not
 * exist). {@link Herald} prints the message as one line, without a stack trace, and exits 1.
 */
public final class CommandFailedException extends RuntimeException {
    public CommandFailedException(String message) {
        super(message);
    }
}
