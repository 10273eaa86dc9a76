package io.jipc.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * A process named by pid and start time, so that a reused pid is not mistaken for the process it used to name: the
 * identity jipc records for a file's creator, a lock's holder or a child's parent.
 *
 * @param pid         process id
 * @param startMillis start time in epoch milliseconds, or 0 when unknown
 */
public record ProcessIdentity(long pid, long startMillis) {

    /** Start times read by different JVMs may differ by the clock-tick rounding; a reused pid within this is ignored. */
    private static final long START_TOLERANCE_MILLIS = 1_000;
    private static final ProcessIdentity CURRENT = of(ProcessHandle.current());

    /** @return this process */
    public static ProcessIdentity current() {
        return CURRENT;
    }

    /** @return the identity of a running process */
    public static ProcessIdentity of(ProcessHandle handle) {
        return new ProcessIdentity(handle.pid(), handle.info().startInstant().map(i -> i.toEpochMilli()).orElse(0L));
    }

    /**
     * Costs a look into /proc (tens of microseconds): callers rate-limit it.
     *
     * @return true while the process runs (a zombie, exited but not yet reaped, counts as gone)
     */
    public boolean isAlive() {
        if (pid == CURRENT.pid) {
            return true;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        if (startMillis != 0) {
            Optional<java.time.Instant> start = handle.get().info().startInstant();
            if (start.isPresent() && Math.abs(start.get().toEpochMilli() - startMillis) > START_TOLERANCE_MILLIS) {
                return false; // the pid now names another process
            }
        }
        return !isZombie();
    }

    private boolean isZombie() {
        return isZombie(pid);
    }

    /**
     * A process that exited but was not yet reaped by its parent still has its pid, and {@link ProcessHandle}
     * calls it alive; Linux shows it in state Z (or X).
     *
     * @return true when {@code /proc/<pid>/stat} says the process is a zombie; false otherwise or without /proc
     */
    public static boolean isZombie(long pid) {
        Path stat = Paths.get("/proc", Long.toString(pid), "stat");
        try {
            String text = new String(Files.readAllBytes(stat), StandardCharsets.US_ASCII);
            int paren = text.lastIndexOf(')');
            if (paren < 0 || paren + 2 >= text.length()) {
                return false;
            }
            char state = text.charAt(paren + 2);
            return state == 'Z' || state == 'X';
        } catch (IOException | SecurityException e) {
            return false; // no /proc (not Linux) or gone this instant: trust ProcessHandle
        }
    }

    @Override
    public String toString() {
        return "process " + pid;
    }
}
