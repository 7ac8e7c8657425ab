package io.herald.registry.internal.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Confluent's compatibility levels. BACKWARD: the new schema reads data written with the old one; FORWARD: the old
 * reads the new; FULL: both. Plain levels check the latest live version, {@code _TRANSITIVE} ones every live version.
 */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /**
     * The level named {@code name}, in any letter case.
     *
     * @throws IllegalArgumentException when it names no level
     */
    public static CompatibilityLevel fromName(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Invalid compatibility level " + name);
        }
    }

    /**
     * Why {@code candidate} may not follow {@code previous} at this level; empty when it may.
     *
     * @param previous the subject's live versions, oldest first; only the newest is checked unless transitive
     */
    public List<String> check(ParsedSchema candidate, List<? extends ParsedSchema> previous) {
        if (this == NONE || previous.isEmpty()) {
            return List.of();
        }
        List<? extends ParsedSchema> checked =
                transitive ? previous : previous.subList(previous.size() - 1, previous.size());
        List<String> messages = new ArrayList<>();
        for (ParsedSchema old : checked) {
            if (old.type() != candidate.type()) {
                messages.add("Incompatible because of different schema type");
                continue;
            }
            if (backward) {
                messages.addAll(candidate.readErrors(old));
            }
            if (forward) {
                messages.addAll(old.readErrors(candidate));
            }
        }
        return List.copyOf(messages);
    }

    /** Whether this level checks against every live version rather than the latest. */
    public boolean transitive() {
        return transitive;
    }
}
