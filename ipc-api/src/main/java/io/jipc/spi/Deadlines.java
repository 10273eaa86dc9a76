package io.jipc.spi;

import java.time.Duration;

/** Turns a timeout into a {@link System#nanoTime()} deadline without overflow, for every waiting loop. */
public final class Deadlines {

    private static final long FAR = Long.MAX_VALUE / 4;

    private Deadlines() {
    }

    /** @return {@code System.nanoTime()} plus the timeout, capped far from overflow; a negative timeout counts as zero */
    public static long of(Duration timeout) {
        long nanos;
        if (timeout.isNegative()) {
            nanos = 0;
        } else if (timeout.getSeconds() >= FAR / 1_000_000_000L) {
            nanos = FAR;
        } else {
            nanos = timeout.toNanos();
        }
        return System.nanoTime() + nanos;
    }

    /** @return true once {@code deadline} (from {@link #of}) has passed */
    public static boolean passed(long deadline) {
        return System.nanoTime() - deadline >= 0;
    }
}
