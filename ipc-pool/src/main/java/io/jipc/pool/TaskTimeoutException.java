package io.jipc.pool;

import java.time.Duration;

/** A task ran longer than its {@link TaskOptions#timeout()}: its worker was stopped and replaced. */
public class TaskTimeoutException extends PoolException {
    private static final long serialVersionUID = 1L;

    private final transient Duration timeout;

    /**
     * @param timeout the limit it exceeded
     * @param message what happened
     */
    public TaskTimeoutException(Duration timeout, String message) {
        super(message, null);
        this.timeout = timeout;
    }

    /** @return the limit the task exceeded */
    public Duration timeout() {
        return timeout;
    }
}
