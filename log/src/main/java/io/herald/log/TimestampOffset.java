package io.herald.log;

/** A record's timestamp and offset, the answer to a lookup by timestamp. */
public record TimestampOffset(long timestamp, long offset) {}
