package io.jipc.shm.sync;

import java.util.concurrent.locks.LockSupport;

/**
 * The time a holder stamps into its slot ({@link SyncDescriptor}): {@code System.nanoTime()} as last read by one
 * daemon thread of the process, every {@link #TICK_NS}, so that an acquire reads a field instead of the clock. A
 * clock read is not cheap everywhere: on this project's VMs (kvm-clock, page-table isolation) it is a system call of
 * 80 to 120 ns, five times a whole uncontended acquire and release; a field read is a plain load.
 * <p>
 * A stamp is therefore up to one tick (plus however long the thread waited for a CPU) older than the acquire: a hold
 * time read from it is never shorter than the truth, and longer by about 10 ms. On Linux {@code System.nanoTime()}
 * is {@code CLOCK_MONOTONIC}, one clock for the whole machine, so another process (the {@code jipc} tool) subtracts
 * the stamp from its own {@code System.nanoTime()}.
 * <p>
 * The thread ({@value #THREAD_NAME}) runs while this process has a lock or semaphore open ({@link #open},
 * {@link #close}) and ends itself {@link #LINGER_TICKS} ticks after the last one closed. Thread-safe.
 */
final class HoldClock {

    /** How often the thread reads the clock: 100 wake-ups a second while a lock or semaphore is open. */
    static final long TICK_NS = 10_000_000;
    /** Ticks the thread stays after the last lock or semaphore closed, so that open-close-open costs no new thread. */
    static final int LINGER_TICKS = 10;
    /** The thread's name. */
    static final String THREAD_NAME = "jipc-shm-clock";

    /** The last clock read; written only by the ticking thread (and at its start). */
    private static volatile long now = System.nanoTime();
    /** Open locks and semaphores of this process; guarded by the class. */
    private static int users;
    /** The ticking thread, or null when none runs; guarded by the class. */
    private static Thread ticker;

    private HoldClock() {
    }

    /** @return {@code System.nanoTime()} as read at most about a tick ago: never 0 */
    static long now() {
        return now;
    }

    /** A lock or semaphore opened: the clock ticks until it closes. */
    static synchronized void open() {
        users++;
        if (ticker == null) {
            now = System.nanoTime();
            ticker = new Thread(HoldClock::tick, THREAD_NAME);
            ticker.setDaemon(true);
            ticker.start();
        }
    }

    /** A lock or semaphore closed (call once per {@link #open}). */
    static synchronized void close() {
        users--;
    }

    private static void tick() {
        int idle = 0;
        while (true) {
            LockSupport.parkNanos(TICK_NS);
            now = System.nanoTime();
            synchronized (HoldClock.class) {
                idle = users > 0 ? 0 : idle + 1;
                if (idle > LINGER_TICKS) {
                    ticker = null;
                    return;
                }
            }
        }
    }
}
