package io.jipc;

/**
 * A thread blocked in a jipc call (a receive, a send waiting for room, an accept, a wait, a lock or permits) was
 * interrupted; the call did nothing more. The thread's interrupt status is set again when this is thrown, so code
 * further up still sees it.
 */
public class IpcInterruptedException extends IpcException {
    private static final long serialVersionUID = 1L;

    /**
     * @param endpoint the endpoint concerned, or null when none applies
     * @param message  what was being waited for
     */
    public IpcInterruptedException(Endpoint endpoint, String message) {
        super(endpoint, message, null);
    }

    /**
     * Restores the current thread's interrupt status and returns the exception to throw.
     *
     * @param endpoint the endpoint concerned, or null
     * @param waitingFor what the thread was waiting for, e.g. "a message"
     * @return the exception, for {@code throw}
     */
    public static IpcInterruptedException interrupted(Endpoint endpoint, String waitingFor) {
        Thread.currentThread().interrupt();
        return new IpcInterruptedException(endpoint, "interrupted while waiting for " + waitingFor);
    }
}
