package io.jipc.sync;

import io.jipc.IpcInterruptedException;
import java.time.Duration;
import java.util.OptionalLong;

import io.jipc.Endpoint;

/**
 * A mutual-exclusion lock shared by processes (and by the threads of each), like Python's
 * {@code multiprocessing.Lock}, that survives its holder's death.
 * <pre>{@code
 * try (IpcLock lock = IpcLock.open("shm:/dev/shm/demo/counter.lock")) {
 *     try (IpcLock.Held held = lock.acquire(Duration.ofSeconds(5))) {
 *         if (held.previousOwnerDied()) { ... repair what the dead owner left half-done ... }
 *         ...
 *     }
 * }
 * }</pre>
 * <ul>
 * <li>Held by one thread of one process at a time; not reentrant (acquiring it again from the holding thread
 * through the same instance is an {@link IllegalStateException}; through another instance it waits).</li>
 * <li>Uncontended acquire and release are one compare-and-set each in shared memory: no system call. Through
 * {@link #lock()}, {@link #tryLock()}, {@link #tryLock(Duration)} and {@link #unlock()} they allocate nothing;
 * {@link #acquire(Duration)} and {@link #tryAcquire()} allocate one small {@link Held} per hold.</li>
 * <li>Owner death: a lock whose holding process died (known by pid and start time, so a reused pid is not
 * mistaken for it) passes to the next acquirer, whose {@link Held#previousOwnerDied()} is true: the state the
 * lock protects may be half-updated. A thread that ends without unlocking, in a process that lives on, keeps
 * the lock held, as with {@link java.util.concurrent.locks.ReentrantLock}.</li>
 * <li>Waiting spins briefly, then parks with growing pauses; a waiter that has waited long asks the others to
 * let it go next, so no process is starved while it waits.</li>
 * </ul>
 * Thread-safe.
 */
public interface IpcLock extends AutoCloseable {

    /**
     * Opens the lock named by an endpoint, creating it (owner-only permissions) when absent.
     *
     * @param uri for example {@code shm:/dev/shm/demo/counter.lock}
     * @throws io.jipc.EndpointException when the URI or its scheme is unsupported
     * @throws SyncFileException         when the file exists but is not a lock of this version
     */
    static IpcLock open(String uri) {
        Endpoint endpoint = Endpoint.parse(uri);
        return SyncProviders.forEndpoint(endpoint).openLock(endpoint);
    }

    /**
     * Removes the lock's name. Processes that have it open keep sharing it; the next {@link #open(String)}
     * creates a new one. Does nothing when absent.
     */
    static void unlink(String uri) {
        Endpoint endpoint = Endpoint.parse(uri);
        SyncProviders.forEndpoint(endpoint).unlink(endpoint);
    }

    /**
     * Acquires the lock for the current thread, waiting up to {@code timeout}. Allocates one small {@link Held} (a
     * fresh one per hold, so closing a stale one twice can never release a later hold); {@link #tryLock(Duration)}
     * and {@link #unlock()} are the allocation-free equivalent.
     *
     * @return the hold, to close (release) in try-with-resources
     * @throws io.jipc.IpcTimeoutException when the timeout passed first (nothing acquired)
     * @throws IpcInterruptedException     when the thread was interrupted while waiting (nothing acquired)
     * @throws IllegalStateException       when the current thread already holds it through this instance
     */
    Held acquire(Duration timeout);

    /**
     * Acquires the lock if it is free now, without waiting. Allocates one small {@link Held} when acquired;
     * {@link #tryLock()} is the allocation-free equivalent.
     *
     * @return the hold, or null when another thread or process holds the lock
     */
    Held tryAcquire();

    /**
     * Acquires the lock, waiting as long as it takes (a dead holder's lock is recovered).
     *
     * @throws IpcInterruptedException when the thread was interrupted while waiting (nothing acquired)
     */
    void lock();

    /**
     * @return true when acquired, false when another thread or process holds the lock
     */
    boolean tryLock();

    /**
     * @return true when acquired within the timeout, false when the timeout passed first
     * @throws IpcInterruptedException when the thread was interrupted while waiting (nothing acquired)
     */
    boolean tryLock(Duration timeout);

    /**
     * Releases the lock held by the current thread.
     *
     * @throws NotHeldException when the current thread does not hold it through this instance
     */
    void unlock();

    /** @return true when the current thread's hold began by taking over from a holder that died */
    boolean previousOwnerDied();

    /** @return true when the current thread holds the lock through this instance */
    boolean isHeldByCurrentThread();

    /** @return the pid of the process holding the lock now, or empty when it is free (a snapshot, for diagnostics) */
    OptionalLong ownerPid();

    /** @return the endpoint this lock was opened with */
    Endpoint endpoint();

    /**
     * Closes this instance: releases the current thread's hold through it, if any, and makes threads still waiting
     * through it fail with an {@link io.jipc.IpcException}. A hold by another thread is not released (that would let
     * another thread or process in while the holder is still inside): it stays until the holding thread calls
     * {@link #unlock()} or closes its {@link Held}, which still works on a closed instance, or until this process
     * dies. The lock itself lives on for the other processes. Idempotent.
     */
    @Override
    void close();

    /** One hold of an {@link IpcLock}; closing it releases the lock. Used by the thread that acquired it. */
    interface Held extends AutoCloseable {

        /**
         * @return true when this hold began by taking over from a holder that died inside its critical section:
         *         what the lock protects may be half-updated and need repair
         */
        boolean previousOwnerDied();

        /**
         * Releases the lock. Idempotent.
         *
         * @throws NotHeldException when called by another thread than the one that acquired it
         */
        @Override
        void close();
    }
}
