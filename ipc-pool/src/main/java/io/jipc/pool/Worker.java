package io.jipc.pool;

import io.jipc.Channel;
import io.jipc.Ipc;
import io.jipc.internal.ChildMain;
import io.jipc.internal.DirectMain;

/**
 * The main class of a pool's worker JVMs: connects to the pool, takes its settings (codec, allow-list, initializer)
 * from the pool's first message, then runs the tasks it is sent, one at a time, until the pool closes the channel or
 * goes away.
 * <p>
 * The pool starts its own workers with it; on a transport the pool binds ({@code shm:}, {@code unix:},
 * {@code tcp:}...) a worker started by hand joins the pool the same way, with the jipc JVM options and the endpoint
 * only:
 * <pre>
 *   java --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED -cp app.jar io.jipc.pool.Worker shm:/dev/shm/app/pool
 * </pre>
 * ({@link ProcessPool#workerCommand()} prints the exact command.) An authentication key, when the transport asks for
 * one, comes from the environment variable {@value io.jipc.IpcOptions#AUTH_KEY_ENVIRONMENT}, never the command line.
 * The class path must hold the classes of the pool's tasks.
 */
public final class Worker implements DirectMain {

    private Worker() {
    }

    /**
     * Runs a worker until the pool leaves; returns normally then.
     *
     * @param args the endpoint to connect to
     * @throws io.jipc.IpcException when it cannot connect
     */
    public static void main(String[] args) {
        ChildMain.prepare(); // started directly, not through ChildMain (DirectMain)
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: io.jipc.pool.Worker <endpoint>, e.g. shm:/dev/shm/app/pool;"
                + " a key comes from the environment variable " + io.jipc.IpcOptions.AUTH_KEY_ENVIRONMENT);
        }
        try (Channel pool = Ipc.connect(args[0])) {
            // on a pipe the pool knows its worker by the pipe and hands out no token; System.getenv's first call
            // costs a JVM that has just started a millisecond or more
            byte[] token = pool.endpoint().scheme().equals("pipe") ? new byte[0] : Hello.environmentToken();
            new WorkerLoop(pool, token).run();
        }
    }

    /**
     * @return a new codec factory of the named class
     * @throws ReflectiveOperationException when there is no such class here, or it has no public no-argument
     *     constructor
     */
    static TaskCodecFactory codecFactory(String className) throws ReflectiveOperationException {
        Class<?> type = Class.forName(className, false, Worker.class.getClassLoader());
        if (!TaskCodecFactory.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException(className + " does not implement " + TaskCodecFactory.class.getName());
        }
        return (TaskCodecFactory) type.getDeclaredConstructor().newInstance();
    }
}
