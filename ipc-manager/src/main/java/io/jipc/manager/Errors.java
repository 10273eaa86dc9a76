package io.jipc.manager;

import java.lang.reflect.Method;

import io.jipc.Endpoint;
import io.jipc.internal.RemoteErrors;

/**
 * Turns the exception an object threw in the manager (as data) into the one a proxy throws: the remote type itself
 * when it is a runtime exception this JVM has, or a checked exception the user interface's method declares (made with
 * its {@code (String)} constructor, the remote trace as its cause), else a {@link RemoteCallException}.
 */
final class Errors {

    private Errors() {
    }

    /** @return the chain of {@link RemoteCallException}s written at {@code offset} */
    static RemoteCallException remote(Connection connection, int offset, Endpoint endpoint, long managerPid) {
        RemoteCallException error = RemoteErrors.decode(connection.message(), new int[] {offset},
            connection.messageLength(), (className, message, frames, cause) ->
                new RemoteCallException(endpoint, className, message, managerPid, frames, cause));
        return error != null ? error : new RemoteCallException(endpoint, "unknown", "the manager reported an empty error",
            managerPid, new StackTraceElement[0], null);
    }

    /**
     * @param method the user interface's method called, or null for a built-in kind
     * @return what the proxy throws for {@code remote}
     */
    static Throwable local(RemoteCallException remote, Method method) {
        ClassLoader loader = method != null ? method.getDeclaringClass().getClassLoader() : Errors.class.getClassLoader();
        Class<?> type;
        try {
            type = Class.forName(remote.remoteClassName(), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return remote;
        }
        boolean unchecked = RuntimeException.class.isAssignableFrom(type);
        boolean declared = false;
        if (method != null && Exception.class.isAssignableFrom(type)) {
            for (Class<?> d : method.getExceptionTypes()) {
                declared |= d.isAssignableFrom(type);
            }
        }
        if (!unchecked && !declared) {
            return remote;
        }
        try {
            Throwable local = (Throwable) type.getConstructor(String.class).newInstance(remote.remoteMessage());
            local.initCause(remote);
            return local;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return remote;
        }
    }
}
