package io.herald.cep.plan;

/**
 * How many events a pattern step takes: {@code {min, max}}, max {@link #UNBOUNDED} for no limit.
 *
 * @param min at least this many (0 makes the step optional)
 * @param max at most this many, at least 1 and at least min
 */
public record Quantifier(int min, int max) {
    /** The max of an open loop ({@code *}, {@code +}, {@code {n,}}). */
    public static final int UNBOUNDED = Integer.MAX_VALUE;

    public static final Quantifier ONE = new Quantifier(1, 1);
    public static final Quantifier OPTIONAL = new Quantifier(0, 1);
    public static final Quantifier ZERO_OR_MORE = new Quantifier(0, UNBOUNDED);
    public static final Quantifier ONE_OR_MORE = new Quantifier(1, UNBOUNDED);

    /** Checks the bounds. */
    public Quantifier {
        if (min < 0 || max < 1 || max < min) {
            throw new IllegalArgumentException(
                    "a quantifier needs 0 <= min <= max and max >= 1, was {" + min + "," + max + "}");
        }
    }

    /** True when the step can take more than one event. */
    public boolean isLoop() {
        return max > 1;
    }

    /** True when the step can take any number of events. */
    public boolean isUnbounded() {
        return max == UNBOUNDED;
    }
}
