package io.herald.cep.plan;

import java.time.Duration;
import java.util.Optional;

/** The EMIT clause: a mode and, for ON MATCH, an optional suppression period per key (one alert per burst). */
public record Emit(EmitMode mode, Optional<Duration> suppress) {

    /** {@code EMIT ON MATCH}. */
    public static Emit onMatch() {
        return new Emit(EmitMode.ON_MATCH, Optional.empty());
    }

    /** {@code EMIT FINAL}. */
    public static Emit atFinal() {
        return new Emit(EmitMode.FINAL, Optional.empty());
    }

    /** {@code EMIT CHANGES}. */
    public static Emit changes() {
        return new Emit(EmitMode.CHANGES, Optional.empty());
    }

    /** This emit with {@code SUPPRESS period}. */
    public Emit suppress(Duration period) {
        return new Emit(mode, Optional.of(period));
    }
}
