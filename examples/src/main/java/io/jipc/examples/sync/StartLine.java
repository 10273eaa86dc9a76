package io.jipc.examples.sync;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import io.jipc.shm.SharedLong;

/**
 * Makes worker JVMs, started one after another, begin together: each counts itself in {@code ready}, then waits
 * for the master to set {@code go}. Without it the first worker could be done before the last one has started.
 */
final class StartLine {

    private StartLine() {
    }

    /** Called by a worker: counts itself ready, then waits up to {@code timeout} for the go. */
    static void await(SharedLong ready, SharedLong go, Duration timeout) {
        ready.addAndGet(1);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (go.get() == 0) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the master gave no go within " + timeout);
            }
            LockSupport.parkNanos(100_000);
        }
    }

    /** Called by the master: waits up to {@code timeout} for {@code workers} to be ready, then gives the go. */
    static void release(SharedLong ready, SharedLong go, int workers, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ready.get() < workers) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(ready.get() + " of " + workers + " workers ready after " + timeout);
            }
            LockSupport.parkNanos(1_000_000);
        }
        go.set(1);
    }
}
