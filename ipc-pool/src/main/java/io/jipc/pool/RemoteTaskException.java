package io.jipc.pool;

/**
 * A task's exception, thrown in a worker JVM and rebuilt here from data: the remote class name, message, stack
 * frames and cause chain. Its own stack trace is the worker's, and its cause is the remote cause (another
 * {@code RemoteTaskException}), so a printed trace reads like the worker's; the pool's JVM needs no copy of the
 * remote exception class.
 */
public final class RemoteTaskException extends PoolException {
    private static final long serialVersionUID = 1L;

    private final String remoteClassName;
    private final String remoteMessage;
    private final long workerPid;
    private int input = -1;

    /**
     * @param remoteClassName the class of the exception in the worker
     * @param remoteMessage   its message, or null
     * @param workerPid       the worker's process id
     * @param frames          its stack frames, as the worker saw them
     * @param cause           the remote cause, or null
     */
    public RemoteTaskException(String remoteClassName, String remoteMessage, long workerPid,
                               StackTraceElement[] frames, RemoteTaskException cause) {
        super(remoteClassName + (remoteMessage == null ? "" : ": " + remoteMessage) + " [in worker " + workerPid + "]", cause);
        this.remoteClassName = remoteClassName;
        this.remoteMessage = remoteMessage;
        this.workerPid = workerPid;
        setStackTrace(frames);
    }

    /** @return the name of the exception's class in the worker, e.g. {@code java.lang.ArithmeticException} */
    public String remoteClassName() {
        return remoteClassName;
    }

    /** @return the exception's own message in the worker, or null */
    public String remoteMessage() {
        return remoteMessage;
    }

    /** @return the process id of the worker that threw it */
    public long workerPid() {
        return workerPid;
    }

    /** @return for a {@code map}, the index of the input the function failed on; empty otherwise */
    public java.util.OptionalInt input() {
        return input < 0 ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(input);
    }

    /** Names the map input this failure belongs to. */
    RemoteTaskException atInput(int index) {
        input = index;
        return this;
    }

    @Override
    public String getMessage() {
        return input < 0 ? super.getMessage() : super.getMessage() + " (map input #" + input + ")";
    }

    /** @return the remote cause, or null */
    public RemoteTaskException remoteCause() {
        return (RemoteTaskException) getCause();
    }
}
