package io.jipc.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;

import org.HdrHistogram.Histogram;

/**
 * Draws the latency distributions of one run as an SVG file, without a plotting library: for each series, the
 * round-trip time (log scale) at every percentile from the median to 99.99 (on a "nines" axis: 50, 90, 99, 99.9,
 * 99.99), so a reader sees the tails, not one p50. A backend draws jipc against its raw floor from the same run.
 * Files go to {@code -Djipc.bench.plots=<dir>} (default {@code benchmarks/plots}) as {@code <backend>-latency.svg}.
 */
public final class LatencyPlot {

    /** One line of the plot. */
    public record Series(String name, Histogram nanos) {
    }

    private static final String[] COLOURS = {"#d62728", "#1f77b4", "#2ca02c", "#9467bd"};
    private static final int WIDTH = 760;
    private static final int HEIGHT = 420;
    private static final int LEFT = 70;
    private static final int RIGHT = 190;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;
    /** The x axis runs from p50 (one nine: log10(1 / 0.5) = 0.3) to p99.99 (four nines). */
    private static final double MIN_NINES = Math.log10(2);
    private static final double MAX_NINES = 4;

    private LatencyPlot() {
    }

    /**
     * Writes {@code <dir>/<backend>-latency.svg} and says where on {@code out}.
     *
     * @return the file written, or null when it could not be (a benchmark never fails for its picture)
     */
    public static Path write(String backend, String title, List<Series> series, PrintStream out) {
        Path file = Paths.get(System.getProperty("jipc.bench.plots", "benchmarks/plots")).resolve(backend + "-latency.svg");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, svg(title, series), StandardCharsets.UTF_8);
            out.println("  plot: " + file);
            return file;
        } catch (IOException e) {
            out.println("  plot: cannot write " + file + ": " + e);
            return null;
        }
    }

    /** @return the SVG text of the plot */
    static String svg(String title, List<Series> series) {
        double lowest = Double.MAX_VALUE;
        double highest = 0;
        for (Series s : series) {
            lowest = Math.min(lowest, Math.max(1, s.nanos().getValueAtPercentile(50)) / 1000.0);
            highest = Math.max(highest, s.nanos().getValueAtPercentile(99.99) / 1000.0);
        }
        double yMin = Math.pow(10, Math.floor(Math.log10(Math.max(lowest / 2, 0.01)))); // the medians clear of the floor
        double yMax = Math.pow(10, Math.ceil(Math.log10(Math.max(highest, yMin * 10))));
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
            + "font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"14\">%s</text>%n", LEFT, escape(title)));
        for (double y = yMin; y <= yMax * 1.0001; y *= 10) {
            double py = py(y, yMin, yMax);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                LEFT, py, WIDTH - RIGHT, py));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                LEFT - 6, py + 4, y >= 1 ? String.format(Locale.ROOT, "%.0f", y) : String.format(Locale.ROOT, "%.2f", y)));
        }
        for (String p : new String[] {"50", "90", "99", "99.9", "99.99"}) {
            double nines = -Math.log10(1 - Double.parseDouble(p) / 100);
            double px = px(nines);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n",
                px, TOP, px, HEIGHT - BOTTOM));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">p%s</text>%n",
                px, HEIGHT - BOTTOM + 18, p));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">percentile</text>%n",
            (LEFT + WIDTH - RIGHT) / 2, HEIGHT - 10));
        svg.append(String.format(Locale.ROOT, "<text transform=\"translate(18,%d) rotate(-90)\" text-anchor=\"middle\">"
            + "round trip, microseconds (log)</text>%n", (TOP + HEIGHT - BOTTOM) / 2));
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            String colour = COLOURS[i % COLOURS.length];
            StringBuilder points = new StringBuilder();
            for (double nines = MIN_NINES; nines <= MAX_NINES + 1e-9; nines += 0.02) {
                double percentile = 100 * (1 - Math.pow(10, -nines));
                double micros = Math.max(yMin, s.nanos().getValueAtPercentile(percentile) / 1000.0);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px(nines), py(micros, yMin, yMax)));
            }
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n",
                colour, points.toString().trim()));
            int ly = TOP + 10 + i * 40;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>%n",
                WIDTH - RIGHT + 12, ly, WIDTH - RIGHT + 32, ly, colour));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", WIDTH - RIGHT + 38, ly + 4, escape(s.name())));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#555\">p50 %s, p99 %s us</text>%n",
                WIDTH - RIGHT + 38, ly + 20, Stats.micros(s.nanos().getValueAtPercentile(50) / 1000.0),
                Stats.micros(s.nanos().getValueAtPercentile(99) / 1000.0)));
        }
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#888\"/>%n",
            LEFT, TOP, WIDTH - RIGHT - LEFT, HEIGHT - BOTTOM - TOP));
        return svg.append("</svg>\n").toString();
    }

    private static double px(double nines) {
        return LEFT + (nines - MIN_NINES) / (MAX_NINES - MIN_NINES) * (WIDTH - RIGHT - LEFT);
    }

    private static double py(double micros, double yMin, double yMax) {
        double f = (Math.log10(micros) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin));
        return HEIGHT - BOTTOM - f * (HEIGHT - BOTTOM - TOP);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
