package io.jipc.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Small statistics and number formats shared by the benchmarks. */
public final class Stats {

    private Stats() {
    }

    /** @return the median of {@code values}; NaN when empty */
    public static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
    }

    /** @return {@code value} with one decimal, e.g. {@code 12.3} (for microseconds) */
    public static String micros(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** @return {@code value} rounded to a whole number, e.g. {@code 27912345} (for rates) */
    public static String whole(double value) {
        return String.format(Locale.ROOT, "%.0f", value);
    }

    /** @return {@code value} with two decimals, e.g. {@code 1.07} (for ratios) */
    public static String ratio(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /** @return a rate with a unit, e.g. {@code 27.9M} */
    public static String rate(double perSecond) {
        if (perSecond >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", perSecond / 1e6);
        }
        return String.format(Locale.ROOT, "%.0fk", perSecond / 1e3);
    }
}
