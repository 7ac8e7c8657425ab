package io.herald.client;

/**
 * Names of the headers a subscriber adds to an event it writes to the dead-letter topic {@code <topic>.dlq}, next to
 * the event's own headers, key and value (all copied unchanged, so the event can be replayed as it was). Values are
 * UTF-8 text.
 */
public final class DeadLetterHeaders {
    private DeadLetterHeaders() {}

    /** The class name of the last failure. */
    public static final String EXCEPTION_CLASS = "herald.dlq.exception.class";
    /** The message of the last failure. */
    public static final String EXCEPTION_MESSAGE = "herald.dlq.exception.message";
    /** The first frames of the failure's stack trace and its causes. */
    public static final String STACKTRACE = "herald.dlq.exception.stacktrace";
    /** How many times the handler was called. */
    public static final String ATTEMPTS = "herald.dlq.attempts";
    /** The topic the event was read from. */
    public static final String ORIGINAL_TOPIC = "herald.dlq.original.topic";
    /** The partition the event was read from. */
    public static final String ORIGINAL_PARTITION = "herald.dlq.original.partition";
    /** The event's offset in that partition. */
    public static final String ORIGINAL_OFFSET = "herald.dlq.original.offset";
    /** The consumer group whose handler failed. */
    public static final String GROUP_ID = "herald.dlq.group.id";
}
