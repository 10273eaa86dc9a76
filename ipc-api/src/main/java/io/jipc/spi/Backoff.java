package io.jipc.spi;

import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.IdleStrategy;

/**
 * The one idle strategy of jipc's waiting loops (channels' {@code send}/{@code receive}, the pipe's writer thread,
 * the pool's dispatcher and workers, shared-memory locks): optionally a few spins, then yields, then parks that
 * start short and double up to a cap. The cap stays low ({@link Settings#recentMaxParkNanos()}) while work came
 * recently, so a stream of messages with gaps is picked up within tens of microseconds, and rises
 * ({@link Settings#maxParkNanos()}) once the loop has been idle a while, so an idle loop costs next to no CPU.
 * <p>
 * It yields rather than spins by default: on the virtual machines we measured, a vCPU spinning with PAUSE is
 * descheduled by the hypervisor, which costs more than the spin could save; a yield hands the core to the threads
 * that produce the work. Tuned once, in {@link Settings#STANDARD}; the measurements are in {@code BENCHMARKS.md}.
 * <p>
 * A loop whose producers wake it (with {@link LockSupport#unpark}) announces that it is about to park when
 * {@link #parksNext()} says so, looks once more for work, then calls {@link #idle()}. One thread per instance.
 */
public final class Backoff implements IdleStrategy {

    /**
     * How a {@link Backoff} waits.
     *
     * @param spins              idle calls that spin ({@link Thread#onSpinWait()}) first
     * @param yields             idle calls that yield next
     * @param minParkNanos       the first park; each next one doubles...
     * @param maxParkNanos       ...up to this...
     * @param recentNanos        ...but only up to {@code recentMaxParkNanos} while the last work is less than this old
     * @param recentMaxParkNanos the cap of parks shortly after work
     */
    public record Settings(int spins, int yields, long minParkNanos, long maxParkNanos, long recentNanos,
                           long recentMaxParkNanos) {

        /**
         * The default of every loop: no spin, 200 yields (a reply usually comes within tens of microseconds), then
         * parks from 1 us doubling up to 50 us for 20 ms after the last work, and up to 1 ms after that.
         */
        public static final Settings STANDARD = new Settings(0, 200, 1_000, 1_000_000, 20_000_000, 50_000);

        /** Checks the values. */
        public Settings {
            if (spins < 0 || yields < 0 || minParkNanos <= 0 || maxParkNanos < minParkNanos || recentNanos < 0
                || recentMaxParkNanos < minParkNanos || recentMaxParkNanos > maxParkNanos) {
                throw new IllegalArgumentException("invalid back-off settings " + this);
            }
        }

        /** @return these settings with {@code count} spins first (for waits that usually end within a microsecond) */
        public Settings withSpins(int count) {
            return new Settings(count, yields, minParkNanos, maxParkNanos, recentNanos, recentMaxParkNanos);
        }

        /** @return these settings parking from {@code min} up to {@code max} ns, recent work or not */
        public Settings withParks(long min, long max) {
            return new Settings(spins, yields, min, max, 0, max);
        }
    }

    private final Settings settings;
    private final int yieldsEnd;
    private int count;
    private long parkNanos;
    /** When the current idle stretch began (nanoTime), taken at its first park. */
    private long idleSince;

    /** A back-off with {@link Settings#STANDARD}. */
    public Backoff() {
        this(Settings.STANDARD);
    }

    /** @param settings how it waits */
    public Backoff(Settings settings) {
        this.settings = settings;
        this.yieldsEnd = settings.spins() + settings.yields();
        this.parkNanos = settings.minParkNanos();
    }

    /** @return a new back-off with {@link Settings#STANDARD}; a {@code Supplier<IdleStrategy>} as a method reference */
    public static IdleStrategy standard() {
        return new Backoff();
    }

    /** @return its settings */
    public Settings settings() {
        return settings;
    }

    /** Resets after work, else waits one step. */
    @Override
    public void idle(int workCount) {
        if (workCount > 0) {
            reset();
        } else {
            idle();
        }
    }

    /** Waits one step: a spin, a yield, or a park. */
    @Override
    public void idle() {
        idleAtMost(Long.MAX_VALUE);
    }

    /**
     * Waits one step, parking at most {@code limitNanos} (a deadline or a periodic check that must not be missed).
     *
     * @param limitNanos longest park this time
     */
    public void idleAtMost(long limitNanos) {
        int c = count;
        if (c < settings.spins()) {
            Thread.onSpinWait();
        } else if (c < yieldsEnd) {
            Thread.yield();
        } else {
            long park = parkNanos;
            if (c == yieldsEnd) {
                idleSince = System.nanoTime();
            }
            LockSupport.parkNanos(this, Math.max(1, Math.min(park, limitNanos)));
            long cap = settings.recentNanos() > 0 && System.nanoTime() - idleSince < settings.recentNanos()
                ? settings.recentMaxParkNanos() : settings.maxParkNanos();
            parkNanos = Math.min(park << 1, cap);
        }
        if (c < Integer.MAX_VALUE) {
            count = c + 1;
        }
    }

    /** @return true when the next {@link #idle()} parks: a loop woken by its producers announces it now */
    public boolean parksNext() {
        return count >= yieldsEnd;
    }

    /** Starts over: the next waits spin or yield again. Call after work. */
    @Override
    public void reset() {
        count = 0;
        parkNanos = settings.minParkNanos();
    }

    @Override
    public String alias() {
        return "backoff";
    }

    @Override
    public String toString() {
        return "Backoff" + settings;
    }
}
