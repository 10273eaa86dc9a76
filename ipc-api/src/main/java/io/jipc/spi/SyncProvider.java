package io.jipc.spi;

import java.util.Set;

import io.jipc.Endpoint;
import io.jipc.sync.IpcLock;
import io.jipc.sync.IpcSemaphore;

/**
 * What a backend implements to back {@link IpcLock#open(String)} and {@link IpcSemaphore#open(String, int)} for
 * its scheme. Registered in {@code META-INF/services/io.jipc.spi.SyncProvider}; found through
 * {@link java.util.ServiceLoader}. Implementations are thread-safe.
 */
public interface SyncProvider {

    /** @return the endpoint scheme this provider serves, e.g. {@code shm} */
    String scheme();

    /** @return the query parameters its endpoints accept (an unknown one is an error before any open) */
    Set<String> parameters();

    /**
     * Opens the lock at the endpoint, creating it when absent.
     *
     * @throws io.jipc.sync.SyncFileException when something else is there
     */
    IpcLock openLock(Endpoint endpoint);

    /**
     * Opens the semaphore at the endpoint, creating it with {@code permits} permits when absent.
     *
     * @throws io.jipc.sync.SyncFileException when something else is there, or a semaphore with another count
     */
    IpcSemaphore openSemaphore(Endpoint endpoint, int permits);

    /**
     * Removes the lock or semaphore's name; processes that have it open keep using it, the next open creates a
     * new one. Does nothing when absent.
     */
    void unlink(Endpoint endpoint);
}
