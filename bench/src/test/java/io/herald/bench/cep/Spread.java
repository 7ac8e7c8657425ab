package io.herald.bench.cep;

import java.util.Arrays;
import java.util.List;

/**
 * The median and the range of one figure over the repetitions of a case: the median decides a ratio, the range says
 * how far one run could have moved it.
 */
record Spread(double median, double min, double max) {

    static Spread of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a spread needs at least one value");
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        double median = sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Spread(median, sorted[0], sorted[sorted.length - 1]);
    }

    /** {@code median (min..max)} with {@code format} for each number. */
    String text(String format) {
        return String.format(format, median) + " (" + String.format(format, min) + ".." + String.format(format, max)
                + ")";
    }
}
