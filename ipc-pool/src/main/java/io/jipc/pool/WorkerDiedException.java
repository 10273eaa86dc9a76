package io.jipc.pool;

import java.util.OptionalInt;

/**
 * The worker holding a task died (was killed, crashed, ran out of memory) before returning its result. Only the
 * tasks that worker held fail this way; the worker is replaced and the pool goes on.
 */
public class WorkerDiedException extends PoolException {
    private static final long serialVersionUID = 1L;

    private final long pid;
    private final int exitCode;

    /**
     * @param pid      the worker's process id
     * @param exitCode its exit status (137 after {@code kill -9}), or -1 when unknown
     * @param message  what happened
     */
    public WorkerDiedException(long pid, int exitCode, String message) {
        super(message, null);
        this.pid = pid;
        this.exitCode = exitCode;
    }

    /** @return the dead worker's process id */
    public long pid() {
        return pid;
    }

    /** @return the worker's exit status, empty when unknown */
    public OptionalInt exitCode() {
        return exitCode < 0 ? OptionalInt.empty() : OptionalInt.of(exitCode);
    }
}
