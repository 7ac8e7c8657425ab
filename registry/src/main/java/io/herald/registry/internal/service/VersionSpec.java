package io.herald.registry.internal.service;

import io.herald.registry.internal.http.RegistryErrors;
import io.herald.registry.internal.store.RegistryRecord.SchemaRegistered;
import java.util.List;
import java.util.Optional;

/** A version as a request names it: {@code latest}, {@code -1}, or a number from 1. */
public record VersionSpec(int number) {

    private static final int LATEST = -1;

    /** @throws io.herald.registry.internal.http.RegistryException 42202 for anything else */
    public static VersionSpec parse(String text) {
        if (text.equals("latest") || text.equals("-1")) {
            return new VersionSpec(LATEST);
        }
        try {
            int number = Integer.parseInt(text);
            if (number >= 1) {
                return new VersionSpec(number);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw RegistryErrors.invalidVersion(text);
    }

    public boolean latest() {
        return number == LATEST;
    }

    /** The version this spec picks among {@code versions} (oldest first), skipping soft-deleted unless asked. */
    public Optional<SchemaRegistered> pick(List<SchemaRegistered> versions, boolean includeDeleted) {
        List<SchemaRegistered> candidates = includeDeleted
                ? versions
                : versions.stream().filter(v -> !v.deleted()).toList();
        if (latest()) {
            return candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.getLast());
        }
        return candidates.stream().filter(v -> v.version() == number).findFirst();
    }

    @Override
    public String toString() {
        return latest() ? "latest" : Integer.toString(number);
    }
}
