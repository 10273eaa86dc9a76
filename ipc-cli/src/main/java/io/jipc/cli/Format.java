package io.jipc.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.jipc.shm.ShmObject;

/** How the tool writes sizes, ages and processes. */
final class Format {

    private Format() {
    }

    /** @return e.g. {@code 256 B}, {@code 64.0 KiB}, {@code 8.0 MiB} */
    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1 << 20) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        if (bytes < 1L << 30) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
        }
        return String.format(Locale.ROOT, "%.1f GiB", bytes / 1073741824.0);
    }

    /** @return how long ago, e.g. {@code 42s}, {@code 5m}, {@code 3h}, {@code 2d} */
    static String age(Instant since, Instant now) {
        return duration(Duration.between(since, now));
    }

    /** @return e.g. {@code 42s}, {@code 5m}, {@code 3h}, {@code 2d} */
    static String duration(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        if (seconds < 120) {
            return seconds + "s";
        }
        if (seconds < 7200) {
            return seconds / 60 + "m";
        }
        if (seconds < 172_800) {
            return seconds / 3600 + "h";
        }
        return seconds / 86_400 + "d";
    }

    /** @return e.g. {@code 1.234 s}, {@code 4,000.000 s (1h 6m)} */
    static String seconds(Duration duration) {
        String text = String.format(Locale.ROOT, "%,.3f s", duration.toNanos() / 1e9);
        long seconds = duration.getSeconds();
        if (seconds < 120) {
            return text;
        }
        return text + " (" + (seconds < 7200 ? seconds / 60 + "m" : seconds / 3600 + "h " + seconds % 3600 / 60 + "m") + ")";
    }

    /** @return e.g. {@code 4242 alive} */
    static String process(ShmObject.Process process) {
        return process.pid() + (process.alive() ? " alive" : " dead");
    }

    /** @return e.g. {@code pid 4242 (alive)} */
    static String processLong(ShmObject.Process process) {
        return "pid " + process.pid() + (process.alive() ? " (alive)" : " (dead)");
    }

    /** @return e.g. {@code holder pid 4242 (alive)} */
    static String roleAndProcess(ShmObject.Process process) {
        return process.role() + " " + processLong(process);
    }

    /** @return e.g. {@code 4242, 4250}, or {@code none}; {@code unknown} for null */
    static String pids(List<Long> pids) {
        if (pids == null) {
            return "unknown";
        }
        return pids.isEmpty() ? "none" : pids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /** @return e.g. {@code 12,345,678} */
    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}
