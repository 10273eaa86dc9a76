package io.jipc.shm.sync.children;

import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * A start line in a mapped file, so that child JVMs started one after another race for real: each counts itself
 * ready at {@link #READY_OFFSET}, then waits for the test to set {@link #GO_OFFSET}.
 */
public final class StartLine {

    public static final int READY_OFFSET = 1024;
    public static final int GO_OFFSET = 1088;

    private StartLine() {
    }

    /** Counts this process ready and waits (up to 30 s) for the go. */
    public static void await(UnsafeBuffer buffer) {
        buffer.getAndAddLong(READY_OFFSET, 1);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (buffer.getLongVolatile(GO_OFFSET) == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no go within 30 s");
            }
            LockSupport.parkNanos(100_000);
        }
    }
}
