package io.jipc.pool;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A task's exception as data ({@link io.jipc.internal.RemoteErrors}: class name, message, frames, causes), rebuilt in
 * the pool's JVM as a chain of {@link RemoteTaskException}s, so the pool needs no copy of the remote class. A
 * {@code RemoteTaskException} thrown again in a worker keeps the remote class's name.
 */
final class RemoteErrors {

    private static final io.jipc.internal.RemoteErrors.Naming NAMING = t -> t instanceof RemoteTaskException r
        ? new String[] {r.remoteClassName(), r.remoteMessage()} : null;

    private RemoteErrors() {
    }

    /** Writes {@code error} at {@code offset}. @return the number of bytes written */
    static int encode(Throwable error, MutableDirectBuffer buffer, int offset) {
        return io.jipc.internal.RemoteErrors.encode(error, buffer, offset, NAMING);
    }

    /**
     * Rebuilds the exception written by {@link #encode}, as a chain of {@link RemoteTaskException}s.
     *
     * @param position where it starts; on return, where it ended
     */
    static RemoteTaskException decode(DirectBuffer buffer, int[] position, long workerPid) {
        RemoteTaskException error = io.jipc.internal.RemoteErrors.decode(buffer, position, buffer.capacity(),
            (className, message, frames, cause) -> new RemoteTaskException(className, message, workerPid, frames, cause));
        return error != null ? error : new RemoteTaskException("unknown", "the worker reported an empty error", workerPid,
            new StackTraceElement[0], null);
    }
}
