package io.jipc.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * Measures round-trip times of one {@link RoundTrip} into an HdrHistogram, in rounds that the caller can interleave
 * with another driver's, so both see the same machine state. Not thread-safe.
 */
public final class PingPong {

    private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final RoundTrip roundTrip;
    private final Histogram total = new Histogram(HIGHEST_NANOS, 3);
    private final Histogram round = new Histogram(HIGHEST_NANOS, 3);

    /** @param roundTrip one send-and-wait-for-the-reply */
    public PingPong(RoundTrip roundTrip) {
        this.roundTrip = roundTrip;
    }

    /** Runs round trips for {@code duration} without recording them (JIT, caches, wake-up paths). */
    public void warmUp(Duration duration) throws Exception {
        long end = System.nanoTime() + duration.toNanos();
        do {
            for (int i = 0; i < 100; i++) {
                roundTrip.roundTrip();
            }
        } while (System.nanoTime() - end < 0);
    }

    /**
     * Records round trips for {@code duration}.
     *
     * @return this round's times, in nanoseconds (valid until the next round)
     */
    public Histogram round(Duration duration) throws Exception {
        round.reset();
        long end = System.nanoTime() + duration.toNanos();
        long now = System.nanoTime();
        while (now - end < 0) {
            roundTrip.roundTrip();
            long after = System.nanoTime();
            round.recordValue(Math.min(after - now, HIGHEST_NANOS));
            now = after;
        }
        total.add(round);
        return round;
    }

    /** @return every recorded round trip, in nanoseconds */
    public Histogram total() {
        return total;
    }

    /** @return the {@code percentile} (0..100) of every recorded round trip, in microseconds */
    public double micros(double percentile) {
        return micros(total, percentile);
    }

    /** @return the {@code percentile} (0..100) of a histogram of nanoseconds, in microseconds */
    public static double micros(Histogram nanos, double percentile) {
        return nanos.getValueAtPercentile(percentile) / 1_000.0;
    }
}
