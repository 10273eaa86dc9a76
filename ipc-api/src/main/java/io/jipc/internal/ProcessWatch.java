package io.jipc.internal;

import io.jipc.spi.Liveness;

/**
 * Tells whether a peer process still runs, by pid and start time, looking at most every
 * {@link #CHECK_INTERVAL_NANOS} (a look costs tens of microseconds), so idle loops may ask it freely. Once gone,
 * always gone. Thread-safe. Used for a child's parent ({@link ParentWatch}) and for shm peers.
 */
public final class ProcessWatch implements Liveness {

    /** How often the process table is consulted. */
    public static final long CHECK_INTERVAL_NANOS = 20_000_000L;

    private final ProcessIdentity peer;
    private final String role;
    private volatile String goneReason;
    private volatile long nextCheckNanos;

    /**
     * @param peer the process to watch
     * @param role what it is to us, for messages: "server", "client", "parent process"
     */
    public ProcessWatch(ProcessIdentity peer, String role) {
        this.peer = peer;
        this.role = role;
        this.nextCheckNanos = System.nanoTime();
    }

    @Override
    public String goneReason() {
        String reason = goneReason;
        if (reason != null) {
            return reason;
        }
        long now = System.nanoTime();
        if (now - nextCheckNanos < 0) {
            return null;
        }
        nextCheckNanos = now + CHECK_INTERVAL_NANOS;
        return checkNow();
    }

    /** Looks now, whatever the interval. @return null while the peer lives, else why it is gone */
    public String checkNow() {
        if (goneReason == null && !peer.isAlive()) {
            goneReason = "the " + role + " (" + peer + ") is gone: it exited or was killed";
        }
        return goneReason;
    }

    /** @return the watched process */
    public ProcessIdentity peer() {
        return peer;
    }
}
