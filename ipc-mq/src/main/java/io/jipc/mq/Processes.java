package io.jipc.mq;

import io.jipc.internal.ProcessIdentity;

/**
 * This process's pid and start time as ipc-mq records them (owners in state files, peers in channel records), and
 * the process such a record names, for liveness checks. The start time is the kernel's, in clock ticks since boot
 * ({@link ProcessIdentity}): a wall-clock step moves the JDK's start instants, so a process started after a step
 * would call every older one dead, and never this.
 */
final class Processes {

    private Processes() {
    }

    static long selfPid() {
        return ProcessIdentity.current().pid();
    }

    /** @return this process's kernel start time in clock ticks since boot, or 0 when the platform does not say */
    static long selfStart() {
        return ProcessIdentity.current().startTicks();
    }

    /**
     * @return the running process with this pid and start time, to check later with {@link ProcessIdentity#isAlive()};
     *     null when it is gone or its pid now names another process
     */
    static ProcessIdentity find(long pid, long start) {
        ProcessIdentity process = new ProcessIdentity(pid, start);
        return process.isAlive() ? process : null;
    }
}
