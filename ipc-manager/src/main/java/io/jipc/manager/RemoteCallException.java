package io.jipc.manager;

import io.jipc.Endpoint;

/**
 * An exception an object threw in the manager, rebuilt here from data: the remote class name, message, stack frames
 * and cause chain, so this JVM needs no copy of the remote class. A proxy throws the remote exception's own type
 * when it can (a JDK runtime exception such as {@link IndexOutOfBoundsException}, or an exception the user
 * interface's method declares), with this as its cause; it throws this when it cannot.
 */
public final class RemoteCallException extends ManagerException {
    private static final long serialVersionUID = 1L;

    private final String remoteClassName;
    private final String remoteMessage;
    private final long managerPid;

    /**
     * @param endpoint        the manager's endpoint
     * @param remoteClassName the class of the exception in the manager
     * @param remoteMessage   its message, or null
     * @param managerPid      the manager's process id (as it says), or -1
     * @param frames          its stack frames, as the manager saw them
     * @param cause           the remote cause, or null
     */
    public RemoteCallException(Endpoint endpoint, String remoteClassName, String remoteMessage, long managerPid,
                               StackTraceElement[] frames, RemoteCallException cause) {
        super(endpoint, remoteClassName + (remoteMessage == null ? "" : ": " + remoteMessage)
            + (managerPid < 0 ? " [in the manager]" : " [in manager " + managerPid + "]"), cause);
        this.remoteClassName = remoteClassName;
        this.remoteMessage = remoteMessage;
        this.managerPid = managerPid;
        setStackTrace(frames);
    }

    /** @return the name of the exception's class in the manager, e.g. {@code java.lang.IllegalStateException} */
    public String remoteClassName() {
        return remoteClassName;
    }

    /** @return the exception's own message in the manager, or null */
    public String remoteMessage() {
        return remoteMessage;
    }

    /** @return the manager's process id, as the manager said, or -1 */
    public long managerPid() {
        return managerPid;
    }

    /** @return the remote cause, or null */
    public RemoteCallException remoteCause() {
        return (RemoteCallException) getCause();
    }
}
