package io.jipc.benchmarks;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.HdrHistogram.Histogram;

/**
 * The rounds of the channel benchmarks (shm, tcp, unix, mq): jipc and its raw floor measured in turns within each
 * round, so both sides see the same machine state.
 */
final class AlternatingRounds {

    /** How long each side runs before the other takes its turn. */
    static final Duration SLICE = Duration.ofMillis(50);

    private AlternatingRounds() {
    }

    /**
     * Round trips in slices of {@link #SLICE}, alternating between the sides: on a small shared machine the
     * scheduler flips between states (both processes spinning on their own CPU, or taking turns on one) every so
     * often, and fine slices give both sides the same mix.
     */
    static List<double[]> pingPong(PrintStream out, Duration warmUp, Duration round, int rounds, PingPong jipc, PingPong raw)
        throws Exception {
        jipc.warmUp(warmUp);
        raw.warmUp(warmUp);
        List<double[]> p50s = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            Histogram jipcRound = new Histogram(3);
            Histogram rawRound = new Histogram(3);
            long end = System.nanoTime() + round.toNanos();
            boolean jipcFirst = r % 2 == 0;
            do {
                if (jipcFirst) {
                    jipcRound.add(jipc.round(SLICE));
                    rawRound.add(raw.round(SLICE));
                } else {
                    rawRound.add(raw.round(SLICE));
                    jipcRound.add(jipc.round(SLICE));
                }
            } while (System.nanoTime() - end < 0);
            double jipcP50 = PingPong.micros(jipcRound, 50);
            double rawP50 = PingPong.micros(rawRound, 50);
            out.printf("  ping-pong round %2d: rtt p50 jipc %s us, raw %s us (%s)%n", r + 1,
                Stats.micros(jipcP50), Stats.micros(rawP50), Stats.ratio(jipcP50 / rawP50));
            p50s.add(new double[] {jipcP50, rawP50});
        }
        return p50s;
    }

    /** Bursts alternating between the sides, one at a time, for the same reason as {@link #pingPong}. */
    static void throughput(PrintStream out, Duration warmUp, Duration round, int rounds, Throughput jipc, Throughput raw)
        throws Exception {
        jipc.warmUp(warmUp);
        raw.warmUp(warmUp);
        for (int r = 0; r < rounds; r++) {
            List<Double> jipcRates = new ArrayList<>();
            List<Double> rawRates = new ArrayList<>();
            long end = System.nanoTime() + round.toNanos();
            boolean jipcFirst = r % 2 == 0;
            do {
                if (jipcFirst) {
                    jipcRates.add(jipc.round(Duration.ZERO));
                    rawRates.add(raw.round(Duration.ZERO));
                } else {
                    rawRates.add(raw.round(Duration.ZERO));
                    jipcRates.add(jipc.round(Duration.ZERO));
                }
            } while (System.nanoTime() - end < 0);
            double jipcRate = Stats.median(jipcRates);
            double rawRate = Stats.median(rawRates);
            out.printf("  throughput round %2d: jipc %s msgs/s, raw %s msgs/s (%s)%n", r + 1,
                Stats.rate(jipcRate), Stats.rate(rawRate), Stats.ratio(jipcRate / rawRate));
        }
    }
}
