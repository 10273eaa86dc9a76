package io.jipc.process;

import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import io.jipc.internal.ChildMain;
import io.jipc.internal.DirectMain;
import io.jipc.internal.ProcessIdentity;

/**
 * A child JVM running a main class with this JVM's class path, like Python's {@code multiprocessing.Process}.
 * <pre>{@code
 * try (JvmProcess worker = JvmProcess.builder(UpperCaseWorker.class).start();
 *      Channel ch = worker.channel()) {
 *     ch.send("hello".getBytes(UTF_8));
 *     byte[] reply = ch.receive(Duration.ofSeconds(5));
 * }
 * }</pre>
 * The child gets the JVM options the jipc modules need ({@link JvmOptions}) and its stdout is reserved for the
 * pipe channel ({@link #channel()}): what it prints goes to stderr. A daemon child (the default) exits when this
 * JVM exits, even when it is killed with -9: it watches its parent. {@link #close()} stops the child and reaps it.
 * The rest of the life cycle is {@link ChildProcess}'s. Thread-safe.
 */
public final class JvmProcess extends ChildProcess {

    /** System property naming the parent's pid in a child. */
    public static final String PARENT_PID_PROPERTY = "jipc.parent.pid";
    /** System property naming the parent's start time (the kernel's, in clock ticks since boot) in a child. */
    public static final String PARENT_START_PROPERTY = "jipc.parent.start";
    /** System property telling a child it is a daemon. */
    public static final String DAEMON_PROPERTY = "jipc.daemon";

    private JvmProcess(Process process, Builder builder) {
        super(process, builder.mainClass, builder);
    }

    /** @return a builder for a child running {@code mainClass}'s {@code main(String[])} */
    public static Builder builder(Class<?> mainClass) {
        return new Builder(mainClass.getName(), DirectMain.class.isAssignableFrom(mainClass));
    }

    /** @return a builder for a child running the named class's {@code main(String[])} */
    public static Builder builder(String mainClassName) {
        return new Builder(mainClassName, false);
    }

    /** Configures and starts child JVMs; reusable, not thread-safe. */
    public static final class Builder extends AbstractBuilder<Builder> {
        private final String mainClass;
        /** The main class is a {@link DirectMain}: started without {@link ChildMain}. */
        private final boolean direct;
        private final List<String> jvmOptions = new ArrayList<>();
        private String classpath = System.getProperty("java.class.path");

        private Builder(String mainClass, boolean direct) {
            this.mainClass = Objects.requireNonNull(mainClass, "mainClass");
            this.direct = direct;
        }

        /** Adds JVM options (e.g. {@code -Xmx256m}); the ones jipc needs are added anyway. */
        public Builder jvmOptions(String... options) {
            jvmOptions.addAll(Arrays.asList(options));
            return this;
        }

        /** The child's class path; default this JVM's. */
        public Builder classpath(String path) {
            classpath = Objects.requireNonNull(path, "path");
            return this;
        }

        @Override
        public List<String> command() {
            List<String> cmd = new ArrayList<>();
            cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(JvmOptions.required());
            cmd.addAll(jvmOptions);
            cmd.add("-D" + PARENT_PID_PROPERTY + "=" + ProcessIdentity.current().pid());
            cmd.add("-D" + PARENT_START_PROPERTY + "=" + ProcessIdentity.current().startTicks());
            cmd.add("-D" + DAEMON_PROPERTY + "=" + daemon);
            cmd.add("-cp");
            cmd.add(classpath);
            if (!direct) {
                cmd.add(ChildMain.class.getName());
            }
            cmd.add(mainClass);
            cmd.addAll(args);
            return cmd;
        }

        @Override
        String displayName() {
            return "a JVM for " + mainClass;
        }

        /**
         * Starts one child.
         *
         * @throws io.jipc.IpcException when the JVM cannot be started
         */
        public JvmProcess start() {
            return new JvmProcess(launch(), this);
        }

        /**
         * Starts {@code count} children; if one fails to start, those already started are killed.
         *
         * @return the children, in start order
         */
        public List<JvmProcess> start(int count) {
            return startMany(count, this::start);
        }
    }
}
