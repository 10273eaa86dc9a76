package io.jipc.shm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * A process named by pid and start time, so that a reused pid is not mistaken for the process that wrote a file.
 *
 * @param pid         process id
 * @param startMillis start time in epoch milliseconds, or 0 when unknown
 */
record ProcessIdentity(long pid, long startMillis) {

    /** Start times read by different JVMs may differ by the clock-tick rounding; a reused pid within this is ignored. */
    private static final long START_TOLERANCE_MILLIS = 1_000;
    private static final ProcessIdentity CURRENT = of(ProcessHandle.current());

    /** @return this process */
    static ProcessIdentity current() {
        return CURRENT;
    }

    static ProcessIdentity of(ProcessHandle handle) {
        return new ProcessIdentity(handle.pid(), handle.info().startInstant().map(i -> i.toEpochMilli()).orElse(0L));
    }

    /**
     * Costs a look into /proc (tens of microseconds): callers rate-limit it.
     *
     * @return true while the process runs (a zombie, exited but not yet reaped, counts as gone)
     */
    boolean isAlive() {
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
        Path stat = Paths.get("/proc", Long.toString(pid), "stat");
        try {
            String text = new String(Files.readAllBytes(stat), StandardCharsets.US_ASCII);
            int paren = text.lastIndexOf(')');
            return paren > 0 && paren + 2 < text.length() && text.charAt(paren + 2) == 'Z';
        } catch (IOException | SecurityException e) {
            return false; // no /proc (not Linux) or gone this instant: trust ProcessHandle
        }
    }

    @Override
    public String toString() {
        return "process " + pid;
    }
}
