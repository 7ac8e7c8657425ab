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
}
