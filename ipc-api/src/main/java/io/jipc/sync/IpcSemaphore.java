package io.jipc.sync;

import io.jipc.IpcInterruptedException;
import java.time.Duration;

import io.jipc.Endpoint;

/**
 * A counting semaphore shared by processes, like Python's {@code multiprocessing.BoundedSemaphore}, that gives
 * back the permits of holders that died.
 * <pre>{@code
 * try (IpcSemaphore toilets = IpcSemaphore.open("shm:/dev/shm/demo/toilets", 5);
 *      IpcSemaphore.Permit p = toilets.acquire(Duration.ofSeconds(30))) {
 *     work();
 * }
 * }</pre>
 * <ul>
 * <li>Permits belong to the process that acquired them: only it can release them, and releasing more than it
 * holds is a {@link NotHeldException} (bounded, like {@code BoundedSemaphore}).</li>
 * <li>Uncontended acquire and release of a permit are one compare-and-set each in shared memory: no system call.
 * Through {@link #tryAcquire(int, Duration)} and {@link #release(int)} with one permit they allocate nothing; the
 * methods that return a {@link Permit} allocate it (one small object per permit taken alone; for several permits
 * also an array of their slots).</li>
 * <li>Owner death: the permits of a process that died (known by pid and start time) return to the semaphore; the
 * acquirer that gets one is told through {@link Permit#previousHolderDied()}.</li>
 * <li>Acquiring several permits is all or nothing; a waiter that has waited long asks the others to let it go
 * next, so a request for many permits is not starved by requests for one.</li>
 * </ul>
 * Thread-safe.
 */
public interface IpcSemaphore extends AutoCloseable {

    /**
     * Opens the semaphore named by an endpoint, creating it with {@code permits} permits (owner-only permissions)
     * when absent.
     *
     * @param uri     for example {@code shm:/dev/shm/demo/toilets}
     * @param permits the number of permits, at least 1
     * @throws io.jipc.EndpointException when the URI or its scheme is unsupported
     * @throws SyncFileException         when the file exists but is not a semaphore of this version with
     *                                   {@code permits} permits
     */
    static IpcSemaphore open(String uri, int permits) {
        Endpoint endpoint = Endpoint.parse(uri);
        return SyncProviders.forEndpoint(endpoint).openSemaphore(endpoint, permits);
    }

    /**
     * Removes the semaphore's name. Processes that have it open keep sharing it; the next
     * {@link #open(String, int)} creates a new one. Does nothing when absent.
     */
    static void unlink(String uri) {
        Endpoint endpoint = Endpoint.parse(uri);
        SyncProviders.forEndpoint(endpoint).unlink(endpoint);
    }

    /**
     * Acquires one permit, waiting up to {@code timeout}. Allocates one small {@link Permit} (a fresh one each time, so
     * closing a stale one twice can never release a later one); {@code tryAcquire(1, timeout)} and
     * {@code release(1)} are the allocation-free equivalent.
     *
     * @return the permit, to close (release) in try-with-resources
     * @throws io.jipc.IpcTimeoutException when the timeout passed first (nothing acquired)
     * @throws IpcInterruptedException     when the thread was interrupted while waiting (nothing acquired)
     */
    Permit acquire(Duration timeout);

    /**
     * Acquires {@code count} permits at once, waiting up to {@code timeout}.
     *
     * @return the permits, to close (release) in try-with-resources
     * @throws IllegalArgumentException    when {@code count} is below 1 or above {@link #permits()}
     * @throws io.jipc.IpcTimeoutException when the timeout passed first (nothing acquired)
     * @throws IpcInterruptedException     when the thread was interrupted while waiting (nothing acquired)
     */
    Permit acquire(int count, Duration timeout);

    /**
     * Acquires {@code count} permits if they are available now, without waiting.
     *
     * @return the permits, or null when fewer than {@code count} are available
     */
    Permit tryAcquire(int count);

    /**
     * Acquires {@code count} permits for this process, to be given back with {@link #release(int)}. Allocation-free
     * for one permit; it does not tell whether a permit came from a holder that died (use {@link #acquire(int, Duration)}
     * for that).
     *
     * @return true when acquired within the timeout, false when the timeout passed first
     * @throws IpcInterruptedException when the thread was interrupted while waiting (nothing acquired)
     */
    boolean tryAcquire(int count, Duration timeout);

    /**
     * Gives back {@code count} permits that this process holds (taken with {@link #tryAcquire(int, Duration)},
     * by any of its threads).
     *
     * @throws NotHeldException when this process holds fewer than {@code count} permits (nothing released)
     */
    void release(int count);

    /** @return the number of permits the semaphore was created with */
    int permits();

    /** @return the number of permits free now (a snapshot; permits of dead holders count once recovered) */
    int available();

    /** @return the number of permits this process holds now */
    int heldByThisProcess();

    /** @return the endpoint this semaphore was opened with */
    Endpoint endpoint();

    /**
     * Closes this instance: threads still waiting through it fail with an {@link io.jipc.IpcException}; permits
     * this process holds stay held until released (through their {@link Permit}s) or until it dies. Idempotent.
     */
    @Override
    void close();

    /** Permits acquired together; closing releases them all. */
    interface Permit extends AutoCloseable {

        /** @return how many permits this is */
        int count();

        /** @return true when at least one of these permits was taken back from a holder that died */
        boolean previousHolderDied();

        /**
         * Releases the permits. Idempotent.
         *
         * @throws NotHeldException when this process no longer holds them (released another way)
         */
        @Override
        void close();
    }
}
