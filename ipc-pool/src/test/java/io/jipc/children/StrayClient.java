package io.jipc.children;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import io.jipc.Channel;
import io.jipc.Ipc;
import io.jipc.IpcException;

/**
 * {@code <endpoint>}: a same-user client that is no pool worker: connects as soon as the endpoint is bound, writes
 * {@value #CONNECTED} on stderr, then says nothing until it is killed (or its parent goes).
 */
public final class StrayClient {

    /** The line it writes once connected. */
    public static final String CONNECTED = "stray connected";

    private StrayClient() {
    }

    public static void main(String[] args) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Channel channel = null;
        while (channel == null) {
            try {
                channel = Ipc.connect(args[0]);
            } catch (IpcException notBoundYet) {
                if (System.nanoTime() - deadline > 0) {
                    throw notBoundYet;
                }
                LockSupport.parkNanos(5_000_000);
            }
        }
        System.err.println(CONNECTED);
        Thread.sleep(Long.MAX_VALUE);
    }
}
