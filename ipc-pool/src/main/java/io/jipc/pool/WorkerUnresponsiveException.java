package io.jipc.pool;

/**
 * The worker holding a task stayed alive but silent (stopped, swapped out, wedged) for longer than the pool's
 * {@link PoolBuilder#unresponsiveAfter unresponsive bound}: the pool killed it and replaced it, and its tasks fail
 * this way (an idempotent one is retried once instead).
 */
public class WorkerUnresponsiveException extends WorkerDiedException {
    private static final long serialVersionUID = 1L;

    /**
     * @param pid      the worker's process id
     * @param exitCode its exit status once killed, or -1 when unknown
     * @param message  what happened
     */
    public WorkerUnresponsiveException(long pid, int exitCode, String message) {
        super(pid, exitCode, message);
    }
}
