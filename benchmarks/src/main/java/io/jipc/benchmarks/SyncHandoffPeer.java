package io.jipc.benchmarks;

import java.time.Duration;

import io.jipc.shm.SharedLong;
import io.jipc.sync.IpcLock;
import io.jipc.sync.IpcSemaphore;

/**
 * One side of the lock or semaphore hand-off: waits (spinning on a volatile read, then yielding) until the shared counter's parity
 * is its own, then takes the lock (or the one permit) and adds 1 under it; stops once the counter reaches the
 * target. Two of them alternate, so every increment passes the lock from one process to the other.
 * <p>
 * Arguments: {@code lock|semaphore <uri> <counter prefix> <parity 0|1> <target>}.
 */
public final class SyncHandoffPeer {

    private SyncHandoffPeer() {
    }

    public static void main(String[] args) {
        try (SharedLong counter = SharedLong.open(args[2]);
             SharedLong ready = SharedLong.open(args[2] + "-ready")) {
            ready.set(1);
            run(args[0], args[1], counter, Integer.parseInt(args[3]), Long.parseLong(args[4]));
        }
    }

    private static void awaitTurn(SharedLong counter, int parity, long target) {
        long value;
        int spins = 0;
        while ((value = counter.get()) < target && (value & 1) != parity) {
            if (++spins < 1_000) {
                Thread.onSpinWait();
            } else {
                Thread.yield(); // two vCPUs: let the other process run
            }
        }
    }

    /** Takes turns until the counter reaches {@code target}. */
    static void run(String kind, String uri, SharedLong counter, int parity, long target) {
        if (kind.equals("lock")) {
            try (IpcLock lock = IpcLock.open(uri)) {
                while (true) {
                    awaitTurn(counter, parity, target);
                    lock.lock();
                    long value = counter.getPlain();
                    if (value < target && (value & 1) == parity) {
                        counter.setPlain(value + 1);
                    }
                    lock.unlock();
                    if (value >= target) {
                        return;
                    }
                }
            }
        }
        try (IpcSemaphore semaphore = IpcSemaphore.open(uri, 1)) {
            while (true) {
                awaitTurn(counter, parity, target);
                long value;
                try (IpcSemaphore.Permit permit = semaphore.acquire(Duration.ofSeconds(30))) {
                    value = counter.getPlain();
                    if (value < target && (value & 1) == parity) {
                        counter.setPlain(value + permit.count());
                    }
                }
                if (value >= target) {
                    return;
                }
            }
        }
    }
}
