package io.jipc.shm.sync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;

import io.jipc.internal.ProcessIdentity;
import java.util.Optional;

/**
 * Owner tokens: a process known by its pid (low 32 bits) and start time in epoch seconds (high 32 bits), so a pid
 * reused by a later process is not mistaken for the holder that died. Never 0 or -1.
 */
final class Owners {

    /**
     * Start times are compared with this tolerance in seconds: each JVM derives them from the boot time it read
     * once, and the kernel's boot time can drift by a second between reads.
     */
    private static final long START_TOLERANCE_SECONDS = 1;

    private static final long CURRENT = tokenOf(ProcessHandle.current());

    private Owners() {
    }

    /** @return this process's token */
    static long current() {
        return CURRENT;
    }

    /** @return the pid in a token */
    static long pid(long token) {
        return token & 0xFFFF_FFFFL;
    }

    /** @return the start time in a token, epoch seconds, or 0 when it was unknown */
    static long startSeconds(long token) {
        return token >>> 32;
    }

    static long tokenOf(ProcessHandle process) {
        long pid = process.pid();
        if (pid <= 0 || pid > 0xFFFF_FFFFL) {
            throw new IllegalStateException("pid " + pid + " does not fit an owner token");
        }
        long start = process.info().startInstant().map(Instant::getEpochSecond).orElse(0L) & 0xFFFF_FFFFL;
        return start << 32 | pid;
    }

    /**
     * Not {@link ProcessIdentity#isAlive()}: a token keeps the start in whole seconds, and comparing it as
     * milliseconds with that method's 1,000 ms tolerance would call a live holder dead when the other JVM read a boot
     * time one second off (up to 1,999 ms apart); and that method calls any process with this process's pid alive,
     * where a token of this pid with another start time is a dead owner (a reused pid).
     *
     * @return true unless the process is known to be gone: no such pid, a zombie, or a pid now used by a process
     *         that started at another time
     */
    static boolean isAlive(long token) {
        if (token == CURRENT) {
            return true;
        }
        long pid = pid(token);
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || isZombie(pid)) {
            return false;
        }
        long recorded = startSeconds(token);
        if (recorded == 0) {
            return true;
        }
        Optional<Instant> start = handle.get().info().startInstant();
        if (start.isEmpty()) {
            return handle.get().isAlive();
        }
        long actual = start.get().getEpochSecond() & 0xFFFF_FFFFL;
        return Math.abs(actual - recorded) <= START_TOLERANCE_SECONDS && handle.get().isAlive();
    }

    /** @return a description for messages, e.g. {@code pid 1234 (started 2026-11-23T12:00:01Z)} */
    static String describe(long token) {
        long start = startSeconds(token);
        return "pid " + pid(token) + (start == 0 ? "" : " (started " + Instant.ofEpochSecond(start) + ")");
    }

    private static boolean isZombie(long pid) {
        return ProcessIdentity.isZombie(pid);
    }

    /** @return the inode of this process's pid namespace, or 0 when unknown (not Linux) */
    static long pidNamespace() {
        try {
            String link = Files.readSymbolicLink(Paths.get("/proc/self/ns/pid")).toString();
            int open = link.indexOf('[');
            int close = link.indexOf(']');
            if (open >= 0 && close > open) {
                return Long.parseLong(link.substring(open + 1, close));
            }
        } catch (IOException | UnsupportedOperationException | SecurityException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
