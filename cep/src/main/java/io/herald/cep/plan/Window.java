package io.herald.cep.plan;

import java.time.Duration;

/** The window of an aggregate rule. Windows are half-open {@code [start, end)} in event time, per key. */
public sealed interface Window {

    /** {@code TUMBLING size}: {@code [k*size, (k+1)*size)}. */
    record Tumbling(Duration size) implements Window {}

    /** {@code HOPPING size ADVANCE advance}: every {@code [k*advance, k*advance + size)}. */
    record Hopping(Duration size, Duration advance) implements Window {}

    /** {@code SESSION GAP gap}: events less than gap apart share {@code [first, last + gap)}. */
    record Session(Duration gap) implements Window {}

    /** {@code RANGE length}: one window per event e, over {@code (e.time - length, e.time]}. */
    record Range(Duration length) implements Window {}

    /** {@code TUMBLING size}. */
    static Window tumbling(Duration size) {
        return new Tumbling(size);
    }

    /** {@code HOPPING size ADVANCE advance}; the advance divides the size. */
    static Window hopping(Duration size, Duration advance) {
        return new Hopping(size, advance);
    }

    /** {@code SESSION GAP gap}. */
    static Window session(Duration gap) {
        return new Session(gap);
    }

    /** {@code RANGE length}. */
    static Window range(Duration length) {
        return new Range(length);
    }

    /** How long an event can influence this window's results after its own event time. */
    default Duration span() {
        return switch (this) {
            case Tumbling t -> t.size();
            case Hopping h -> h.size();
            case Session s -> s.gap();
            case Range r -> r.length();
        };
    }
}
