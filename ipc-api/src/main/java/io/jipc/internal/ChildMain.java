package io.jipc.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;

import io.jipc.process.JvmProcess;

/**
 * The bootstrap of every child JVM that {@link JvmProcess} starts: reserves stdout for the pipe channel (user
 * prints go to stderr), watches the parent when the child is a daemon, then runs the user's main class.
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
        Stdio.reserve();
        if (Boolean.parseBoolean(System.getProperty(JvmProcess.DAEMON_PROPERTY, "false"))) {
            ParentWatch.current().exitWhenParentDies();
        }
    }
}
