package io.jipc.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Steps this machine's wall clock ({@code CLOCK_REALTIME}, as NTP or a resumed VM does) and puts it back, for tests
 * of what a step does to processes. Needs root (CAP_SYS_TIME) and python3, whose {@code time.clock_settime_ns} sets
 * the clock from inside a helper process: the time set is computed there, from a (realtime, monotonic) pair read
 * just before the step plus the monotonic time elapsed since, so no process start delay skews it.
 * <p>
 * {@link #close()} puts the clock back to what it would read had it never been stepped. A watchdog process does the
 * same after {@link #WATCHDOG} in case this JVM is killed before it can; close ends the watchdog.
 */
public final class WallClock implements AutoCloseable {

    /** How long the watchdog waits before it puts the clock back for a JVM that did not. */
    public static final Duration WATCHDOG = Duration.ofSeconds(60);

    /**
     * Sets CLOCK_REALTIME to realtime0 + (monotonic now - monotonic0) + offset, after sleeping the given seconds; a
     * realtime0 of 0 means "now": the pair is read here, back to back, and printed.
     */
    private static final String SET_CLOCK = String.join("\n",
        "import sys, time",
        "real0, mono0, offset, delay = (int(a) for a in sys.argv[1:5])",
        "time.sleep(delay)",
        "if real0 == 0:",
        "    real0, mono0 = time.clock_gettime_ns(time.CLOCK_REALTIME), time.clock_gettime_ns(time.CLOCK_MONOTONIC)",
        "time.clock_settime_ns(time.CLOCK_REALTIME, real0 + time.clock_gettime_ns(time.CLOCK_MONOTONIC) - mono0 + offset)",
        "print(real0, mono0)");

    private final long realtime0;
    private final long monotonic0;
    private final Process watchdog;
    private boolean restored;

    private WallClock(long realtime0, long monotonic0, Process watchdog) {
        this.realtime0 = realtime0;
        this.monotonic0 = monotonic0;
        this.watchdog = watchdog;
    }

    /** @return why this machine's clock cannot be stepped here, or null when it can */
    public static String whyNot() {
        if (!Files.isReadable(Paths.get("/proc/self/stat"))) {
            return "not Linux: no /proc";
        }
        try {
            Result zero = set(0, 0, 0);     // a step of zero: sets the clock to what it reads
            return zero.failure() == null ? null : "cannot set the wall clock here (needs root, CAP_SYS_TIME): "
                + zero.failure();
        } catch (IOException e) {
            return "python3 is needed to set the clock: " + e.getMessage();
        }
    }

    /**
     * Steps the wall clock by {@code offset}; the caller closes the result in a finally (try-with-resources).
     *
     * @throws IllegalStateException when the clock could not be set
     */
    public static WallClock step(Duration offset) throws IOException {
        Result step = set(0, 0, offset.toNanos());
        if (step.failure() != null) {
            throw new IllegalStateException("could not step the wall clock: " + step.failure());
        }
        return new WallClock(step.realtime0(), step.monotonic0(), helper(step.realtime0(), step.monotonic0(), 0,
            WATCHDOG.toSeconds()));
    }

    /** @return the wall clock's distance from what it would read unstepped (positive: ahead), read in this JVM */
    public Duration error() {
        long[] now = now();
        return Duration.ofNanos(now[0] - (realtime0 + now[1] - monotonic0));
    }

    /** Puts the clock back; idempotent. @throws IllegalStateException when it could not */
    @Override
    public void close() {
        if (restored) {
            return;
        }
        try {
            String failure = set(realtime0, monotonic0, 0).failure();
            if (failure != null) {
                throw new IllegalStateException("could not put the wall clock back (the watchdog tries again within "
                    + WATCHDOG + "): " + failure);
            }
            restored = true;
        } catch (IOException e) {
            throw new IllegalStateException("could not put the wall clock back", e);
        } finally {
            if (restored) {
                watchdog.destroyForcibly();
                try {
                    watchdog.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** @return a (realtime, monotonic) pair in nanoseconds, read back to back */
    private static long[] now() {
        Instant real = Clock.systemUTC().instant();
        long mono = System.nanoTime();
        return new long[] {real.getEpochSecond() * 1_000_000_000L + real.getNano(), mono};
    }

    /** What a helper did: the (realtime, monotonic) pair it stepped from, or why it failed. */
    private record Result(long realtime0, long monotonic0, String failure) {
        static Result failed(String why) {
            return new Result(0, 0, why);
        }
    }

    private static Result set(long realtime0, long monotonic0, long offsetNanos) throws IOException {
        Process p = helper(realtime0, monotonic0, offsetNanos, 0);
        try {
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Result.failed("the helper did not finish");
            }
            String last = said.lines().reduce((a, b) -> b).orElse("exit " + p.exitValue());
            if (p.exitValue() != 0) {
                return Result.failed(last);
            }
            String[] pair = last.split(" ");
            return new Result(Long.parseLong(pair[0]), Long.parseLong(pair[1]), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return Result.failed("interrupted");
        }
    }

    private static Process helper(long realtime0, long monotonic0, long offsetNanos, long delaySeconds) throws IOException {
        return new ProcessBuilder(List.of("python3", "-c", SET_CLOCK, Long.toString(realtime0), Long.toString(monotonic0),
            Long.toString(offsetNanos), Long.toString(delaySeconds))).redirectErrorStream(true).start();
    }
}
