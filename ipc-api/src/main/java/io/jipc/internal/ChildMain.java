package io.jipc.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;

import org.agrona.BufferUtil;

import io.jipc.process.JvmProcess;

/**
 * The bootstrap of every child JVM that {@link JvmProcess} starts: reserves stdout for the pipe channel (user
 * prints go to stderr), watches the parent when the child is a daemon, initializes Agrona on a second thread meanwhile
 * ({@link #initializeAgrona()}), then runs the user's main class.
 * <p>
 * Command line: {@code io.jipc.internal.ChildMain <main class> [args...]}, with the parent named by the system
 * properties {@code jipc.parent.pid}, {@code jipc.parent.start} and {@code jipc.daemon}. A {@link DirectMain} class
 * is started without it and calls {@link #prepare()} itself.
 */
public final class ChildMain {

    private ChildMain() {
    }

    /**
     * @param args the user's main class, then its arguments
     * @throws Throwable whatever the user's main throws, as if it had been started directly
     */
    public static void main(String[] args) throws Throwable {
        setUp();
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: ChildMain <main class> [args...]");
        }
        Class<?> mainClass = Class.forName(args[0], false, ClassLoader.getSystemClassLoader());
        // reflection, not a method handle: on JDK 17 a method handle's first call spins classes, milliseconds of
        // every child's start
        Method main = mainClass.getMethod("main", String[].class);
        if (!Modifier.isPublic(mainClass.getModifiers()) || !Modifier.isStatic(main.getModifiers())
            || main.getReturnType() != void.class) {
            throw new IllegalAccessException(args[0] + " has no public static void main(String[]) in a public class");
        }
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /**
     * What ChildMain does before the user's main, for a {@link DirectMain} class that {@link JvmProcess} started
     * directly: reserves stdout for the pipe channel and watches the parent when this JVM is a daemon. Does nothing in
     * a JVM that {@code JvmProcess} did not start (a worker started by hand keeps its stdout). Idempotent.
     */
    public static void prepare() {
        if (System.getProperty(JvmProcess.PARENT_PID_PROPERTY) != null) {
            setUp();
        }
    }

    private static void setUp() {
        Thread ahead = new Thread(ChildMain::initializeAgrona, "jipc-child-init");
        ahead.setDaemon(true);
        ahead.start();
        Stdio.reserve();
        if (Boolean.parseBoolean(System.getProperty(JvmProcess.DAEMON_PROPERTY, "false"))) {
            ParentWatch.current().exitWhenParentDies();
        }
    }

    /**
     * Initializes Agrona's {@code BufferUtil} on a second thread while this one reserves stdout, watches the parent
     * and finds its transport: the first channel's first buffer needs it. Its static initializer links an
     * {@code invokedynamic} of Agrona's whose bootstrap spins method-handle classes that no class-data archive or
     * ahead-of-time cache keeps: 5 to 11 ms of a pool worker's start on JDK 25 (measured with time stamps in the
     * worker), most of what the worker added to a bare JVM's start. Nothing when Agrona may not read
     * {@code jdk.internal.misc}: the main thread then reports the missing option where it needs it.
     */
    private static void initializeAgrona() {
        try {
            if (CoreJvmOptions.agronaAccessible()) {
                Class.forName(BufferUtil.class.getName(), true, BufferUtil.class.getClassLoader());
            }
        } catch (ClassNotFoundException | LinkageError e) {
            // the main thread meets the same error where it needs the class, and reports it there
        }
    }
}
