package io.jipc.pool;

/**
 * A worker JVM could not start: the JVM failed to launch or connect, or the pool's {@link Initializer} threw (then
 * the cause is a {@link RemoteTaskException} with the worker's trace).
 */
public class WorkerStartException extends PoolException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed
     * @param cause   the underlying failure, or null
     */
    public WorkerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
