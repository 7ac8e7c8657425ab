package io.herald.registry.internal.service;

import io.herald.registry.internal.schema.CompatibilityLevel;
import io.herald.registry.internal.store.RegistryRecord;
import io.herald.registry.internal.store.RegistryState;

/**
 * The compatibility level and mode in force for a subject: the subject's own, else the registry's, else the
 * configured default ({@code schema.compatibility.level}) and READWRITE.
 */
public record Settings(RegistryState state, CompatibilityLevel defaultLevel) {

    /** The modes of Confluent's API. */
    public enum Mode {
        READWRITE,
        READONLY,
        READONLY_OVERRIDE,
        IMPORT
    }

    /** The level applied to registrations under {@code subject}. */
    public CompatibilityLevel level(String subject) {
        return state.config(subject)
                .or(() -> state.config(null))
                .map(CompatibilityLevel::fromName)
                .orElse(defaultLevel);
    }

    /**
     * Whether schemas registered, looked up or checked under {@code subject} are normalized first when the request
     * does not ask for it: the subject's {@code normalize} config, else the registry's, else false (Confluent's
     * default).
     */
    public boolean normalize(String subject) {
        return state.configRecord(subject)
                .map(RegistryRecord.ConfigSet::normalize)
                .or(() -> state.configRecord(null).map(RegistryRecord.ConfigSet::normalize))
                .orElse(false);
    }

    /**
     * Whether a request's schema under {@code subject} is normalized: when the request asks ({@code requested}) or
     * the config does, except in IMPORT mode, where Confluent stores what it is given.
     */
    public boolean normalizes(String subject, boolean requested) {
        return (requested || normalize(subject)) && mode(subject) != Mode.IMPORT;
    }

    /** The registry-wide level. */
    public CompatibilityLevel globalLevel() {
        return state.config(null).map(CompatibilityLevel::fromName).orElse(defaultLevel);
    }

    /** The mode applied to writes under {@code subject}. */
    public Mode mode(String subject) {
        return state.mode(subject).or(() -> state.mode(null)).map(Mode::valueOf).orElse(Mode.READWRITE);
    }

    /** The registry-wide mode. */
    public Mode globalMode() {
        return state.mode(null).map(Mode::valueOf).orElse(Mode.READWRITE);
    }
}
