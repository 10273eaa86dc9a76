package io.jipc.sync;

import io.jipc.Endpoint;
import io.jipc.IpcException;

/**
 * The file behind a lock or semaphore endpoint is not one this version can use: another kind of file, another
 * layout version, a semaphore with another number of permits, a truncated file. The message names the file and
 * both sides of the mismatch, e.g. {@code expected version 1, found 2 in /dev/shm/app/jobs.lock}.
 */
public class SyncFileException extends IpcException {
    private static final long serialVersionUID = 1L;

    /**
     * @param endpoint the endpoint concerned
     * @param message  what is wrong, naming the file
     */
    public SyncFileException(Endpoint endpoint, String message) {
        super(endpoint, message, null);
    }

    /**
     * @param endpoint the endpoint concerned
     * @param message  what is wrong, naming the file
     * @param cause    the underlying failure
     */
    public SyncFileException(Endpoint endpoint, String message, Throwable cause) {
        super(endpoint, message, cause);
    }
}
