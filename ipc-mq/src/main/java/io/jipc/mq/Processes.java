package io.jipc.mq;

import java.time.Instant;
import java.util.Optional;

import io.jipc.internal.ProcessIdentity;

/**
 * This process's pid and start time as ipc-mq records them (owners in state files, peers in channel records), and
 * the process such a record names, for liveness checks.
 */
final class Processes {

    /** Start times read by different JVMs may differ by the clock tick's rounding. */
    private static final long START_TOLERANCE_MILLIS = 1_000;

    private Processes() {
    }

    static long selfPid() {
        return ProcessHandle.current().pid();
    }

    /** @return this process's start time in epoch milliseconds, or 0 when the platform does not say */
    static long selfStartMillis() {
        return startMillis(ProcessHandle.current());
    }

    private static long startMillis(ProcessHandle handle) {
        return handle.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    /**
     * @return the running process with this pid and (within the clock's rounding) start time, to check later with
     *     {@link ProcessIdentity#isAlive()}; null when it is gone or its pid now names another process
     */
    static ProcessIdentity find(long pid, long startMillis) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty()) {
            return null;
        }
        long start = startMillis(handle.get());
        if (startMillis != 0 && start != 0 && Math.abs(start - startMillis) > START_TOLERANCE_MILLIS) {
            return null;
        }
        return ProcessIdentity.of(handle.get());
    }
}
