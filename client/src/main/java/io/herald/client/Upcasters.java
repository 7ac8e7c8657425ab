package io.herald.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;

/**
 * The upcaster chains of all event types: for each type, one {@link Upcaster} per old version, each turning version
 * {@code v} into {@code v + 1}. Immutable once built; safe to share between threads.
 *
 * <pre>{@code
 * Upcasters upcasters = Upcasters.builder()
 *         .add("OrderPlaced", 1, v1 -> v1.put("currency", "EUR")) // v1 had no currency
 *         .build();
 * }</pre>
 */
public final class Upcasters {
    private static final Upcasters NONE = new Upcasters(Map.of());

    private final Map<String, Map<Integer, Upcaster>> byTypeAndVersion;

    private Upcasters(Map<String, Map<Integer, Upcaster>> byTypeAndVersion) {
        this.byTypeAndVersion = byTypeAndVersion;
    }

    /** No upcasters: every event must arrive in its record's current version. */
    public static Upcasters none() {
        return NONE;
    }

    /** Starts an empty set of chains. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Brings {@code data} of {@code type} from {@code fromVersion} up to {@code toVersion}, one step at a time.
     *
     * @throws IllegalStateException if a step of the chain is missing, naming the type and the version it needs, or if
     *     the data is newer than the record (a subscriber older than the publisher)
     */
    public ObjectNode upcast(String type, int fromVersion, int toVersion, ObjectNode data) {
        if (fromVersion > toVersion) {
            throw new IllegalStateException("event type " + type + " arrived in version " + fromVersion
                    + " but this service's record is version " + toVersion + "; deploy the newer record first");
        }
        ObjectNode current = data;
        for (int version = fromVersion; version < toVersion; version++) {
            Upcaster step = byTypeAndVersion.getOrDefault(type, Map.of()).get(version);
            if (step == null) {
                throw new IllegalStateException("no upcaster for event type " + type + " from version " + version
                        + " to " + (version + 1) + "; register one with Upcasters.builder().add(\"" + type + "\", "
                        + version + ", ...)");
            }
            current = step.upcast(current);
        }
        return current;
    }

    /** Collects upcasters; not thread-safe. */
    public static final class Builder {
        private final Map<String, Map<Integer, Upcaster>> byTypeAndVersion = new HashMap<>();

        private Builder() {}

        /**
         * Adds the step from {@code fromVersion} to {@code fromVersion + 1} of {@code type}.
         *
         * @throws IllegalArgumentException if that step is registered already or the version is below 1
         */
        public Builder add(String type, int fromVersion, Upcaster upcaster) {
            if (fromVersion < 1) {
                throw new IllegalArgumentException("fromVersion must be >= 1, was " + fromVersion);
            }
            Upcaster previous =
                    byTypeAndVersion.computeIfAbsent(type, t -> new HashMap<>()).putIfAbsent(fromVersion, upcaster);
            if (previous != null) {
                throw new IllegalArgumentException(
                        "an upcaster for " + type + " from version " + fromVersion + " is registered already");
            }
            return this;
        }

        /** The immutable chains. */
        public Upcasters build() {
            Map<String, Map<Integer, Upcaster>> copy = new HashMap<>();
            byTypeAndVersion.forEach((type, steps) -> copy.put(type, Map.copyOf(steps)));
            return new Upcasters(Map.copyOf(copy));
        }
    }
}
