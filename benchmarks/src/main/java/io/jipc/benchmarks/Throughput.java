package io.jipc.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures one-way throughput of a {@link Burst} in timed rounds that the caller can interleave with another
 * driver's. A round sends bursts until its time is up and counts until the last burst's acknowledgement, so
 * every message counted was received. Not thread-safe.
 */
public final class Throughput {

    private final Burst burst;
    private final long burstMessages;
    private final List<Double> rates = new ArrayList<>();

    /**
     * @param burst         sends messages and waits for the receiver's acknowledgement
     * @param burstMessages messages per burst: large enough that the acknowledgement's round trip is noise
     */
    public Throughput(Burst burst, long burstMessages) {
        this.burst = burst;
        this.burstMessages = burstMessages;
    }

    /** Sends bursts for {@code duration} without recording them. */
    public void warmUp(Duration duration) throws Exception {
        long end = System.nanoTime() + duration.toNanos();
        do {
            burst.send(burstMessages);
        } while (System.nanoTime() - end < 0);
    }

    /** @return messages per second of one round of about {@code duration} (at least one burst) */
    public double round(Duration duration) throws Exception {
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long messages = 0;
        long now;
        do {
            burst.send(burstMessages);
            messages += burstMessages;
            now = System.nanoTime();
        } while (now - end < 0);
        double rate = messages * 1e9 / (now - start);
        rates.add(rate);
        return rate;
    }

    /** @return the median of the rounds' rates, in messages per second */
    public double median() {
        return Stats.median(rates);
    }

    /** @return every round's rate, in messages per second, in order */
    public List<Double> rates() {
        return List.copyOf(rates);
    }
}
