package io.jipc.pool;

/**
 * Raised in a worker when a task's encoded result (or a map chunk's results) exceeds the largest message the
 * channel to the pool carries; reported to the pool as a {@link RemoteTaskException} naming this class.
 */
public class ResultTooLargeException extends PoolException {
    private static final long serialVersionUID = 1L;

    /** @param message the sizes involved */
    public ResultTooLargeException(String message) {
        super(message, null);
    }
}
