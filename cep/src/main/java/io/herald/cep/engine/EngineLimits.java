package io.herald.cep.engine;

/**
 * Caps on one rule's state. An event that would create a key past {@code maxKeys} goes to {@code <rule>.overflow}; a
 * partial match past {@code maxPartialMatches} for its key evicts that key's oldest partial match. Both are counted.
 */
public record EngineLimits(int maxKeys, int maxPartialMatches) {
    /** 1M keys, 1,000 partial matches per key. */
    public static final EngineLimits DEFAULT = new EngineLimits(1_000_000, 1_000);

    /** Checks both caps are at least 1. */
    public EngineLimits {
        if (maxKeys < 1 || maxPartialMatches < 1) {
            throw new IllegalArgumentException(
                    "maxKeys and maxPartialMatches must be >= 1, were " + maxKeys + " and " + maxPartialMatches);
        }
    }
}
