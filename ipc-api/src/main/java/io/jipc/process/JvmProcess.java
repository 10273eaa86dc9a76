package io.jipc.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jipc.Channel;
import io.jipc.Endpoint;
import io.jipc.IpcException;
import io.jipc.spi.PipeTransport;
import io.jipc.spi.Transports;

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
 * JVM exits, even when it is killed with -9. {@link #close()} stops the child and reaps it. Thread-safe.
 */
public final class JvmProcess implements AutoCloseable {

    /** System property naming the parent's pid in a child. */
    public static final String PARENT_PID_PROPERTY = "jipc.parent.pid";
    /** System property naming the parent's start time (epoch millis) in a child. */
    public static final String PARENT_START_PROPERTY = "jipc.parent.start";
    /** System property telling a child it is a daemon. */
    public static final String DAEMON_PROPERTY = "jipc.daemon";

    private static final Logger LOG = LoggerFactory.getLogger(JvmProcess.class);
    private static final Set<JvmProcess> DAEMONS = ConcurrentHashMap.newKeySet();
    private static final int CAPTURE_LIMIT = 1 << 20;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (JvmProcess daemon : DAEMONS) {
                daemon.process.destroy();
            }
        }, "jipc-daemon-reaper"));
    }

    private final Process process;
    private final String name;
    private final Duration grace;
    private final boolean daemon;
    private final StringBuilder captured;
    private final Endpoint endpoint;
    private Channel channel;
    private boolean closed;

    private JvmProcess(Process process, Builder builder) {
        this.process = process;
        this.name = builder.mainClass + "[" + process.pid() + "]";
        this.grace = builder.grace;
        this.daemon = builder.daemon;
        this.endpoint = new Endpoint("pipe", "pid/" + process.pid(), builder.pipeParameters);
        if (builder.stderr == Stderr.CAPTURE) {
            captured = new StringBuilder();
            Thread drainer = new Thread(() -> drain(process.getErrorStream()), "jipc-stderr-" + process.pid());
            drainer.setDaemon(true);
            drainer.start();
        } else {
            captured = null;
        }
        if (daemon) {
            DAEMONS.add(this);
        }
        process.onExit().thenAccept(p -> {
            DAEMONS.remove(this);
            LOG.debug("{} exited with code {}", name, p.exitValue());
        });
    }

    /** @return a builder for a child running {@code mainClass}'s {@code main(String[])} */
    public static Builder builder(Class<?> mainClass) {
        return new Builder(mainClass.getName());
    }

    /** @return a builder for a child running the named class's {@code main(String[])} */
    public static Builder builder(String mainClassName) {
        return new Builder(mainClassName);
    }

    /** @return the child's process id */
    public long pid() {
        return process.pid();
    }

    /** @return the child's process handle */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** @return true while the child runs */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** @return true when the child is a daemon: it dies with this JVM */
    public boolean isDaemon() {
        return daemon;
    }

    /**
     * Waits up to {@code timeout} for the child to exit.
     *
     * @return true when it exited, false when the timeout passed first
     */
    public boolean join(Duration timeout) {
        try {
            return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** @return the exit code once the child exited; empty while it runs */
    public OptionalInt exitCode() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /** @return completes with the exit code when the child exits */
    public CompletableFuture<Integer> onExit() {
        return process.onExit().thenApply(Process::exitValue);
    }

    /**
     * Asks the child to stop (SIGTERM: its shutdown hooks run) and kills it (SIGKILL) if it still runs after the
     * grace period. Returns at once; {@link #onExit()} or {@link #join(Duration)} tell when it is gone.
     */
    public void terminate() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        process.onExit().completeOnTimeout(null, grace.toMillis(), TimeUnit.MILLISECONDS).thenAccept(p -> {
            if (p == null && process.isAlive()) {
                LOG.warn("{} ignored SIGTERM for {}: killing it", name, grace);
                process.destroyForcibly();
            }
        });
    }

    /** Kills the child at once (SIGKILL). */
    public void kill() {
        process.destroyForcibly();
    }

    /**
     * The pipe channel to the child (its stdin and stdout); the child opens its end with
     * {@code Ipc.connect("pipe:stdio")}. Opened on first call (waiting for the child's handshake), then the same.
     *
     * @throws io.jipc.HandshakeException when the child does not answer with the jipc handshake
     * @throws io.jipc.EndpointException when ipc-pipe is not on the class path
     */
    public synchronized Channel channel() {
        if (channel == null) {
            PipeTransport pipe = Transports.require("pipe", PipeTransport.class);
            endpoint.requireOnly(pipe.parameters());
            channel = pipe.open(endpoint, process.getInputStream(), process.getOutputStream(),
                Paths.get("/proc", Long.toString(process.pid()), "fd", "0"),
                () -> process.isAlive() ? null : "process " + process.pid() + " exited with code " + process.exitValue(),
                Duration.ofSeconds(30));
        }
        return channel;
    }

    /** @return what the child wrote to stderr so far (the last MiB), when built with {@link Stderr#CAPTURE}; else empty */
    public String capturedStderr() {
        if (captured == null) {
            return "";
        }
        synchronized (captured) {
            return captured.toString();
        }
    }

    /**
     * Stops the child and reaps it: closes the pipe channel (a serving child sees end-of-stream and returns), waits
     * the grace period for it to exit, then terminates it. Idempotent; returns once the child is gone.
     */
    @Override
    public void close() {
        Channel ch;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            ch = channel;
        }
        if (ch != null) {
            ch.close();
        } else {
            try {
                process.getOutputStream().close();
            } catch (IOException e) {
                LOG.debug("{}: closing stdin: {}", name, e.toString());
            }
        }
        if (!join(grace)) {
            process.destroy();
            if (!join(grace)) {
                LOG.warn("{} did not exit within {} of SIGTERM: killing it", name, grace);
                process.destroyForcibly();
                join(Duration.ofSeconds(10));
            }
        }
        DAEMONS.remove(this);
    }

    @Override
    public String toString() {
        return name;
    }

    private void drain(InputStream err) {
        byte[] buf = new byte[8192];
        try (err) {
            int n;
            while ((n = err.read(buf)) >= 0) {
                String text = new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8);
                synchronized (captured) {
                    captured.append(text);
                    if (captured.length() > CAPTURE_LIMIT) {
                        captured.delete(0, captured.length() - CAPTURE_LIMIT);
                    }
                }
            }
        } catch (IOException e) {
            LOG.debug("{}: stderr closed: {}", name, e.toString());
        }
    }

    /** Where a child's standard error goes. */
    public enum Stderr {
        /** To this JVM's standard error (the default). */
        INHERIT,
        /** Into memory, read with {@link JvmProcess#capturedStderr()}. */
        CAPTURE,
        /** Nowhere. */
        DISCARD
    }

    /** Configures and starts child JVMs; reusable, not thread-safe. */
    public static final class Builder {
        private final String mainClass;
        private final List<String> jvmOptions = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private final Map<String, String> pipeParameters = new LinkedHashMap<>();
        private String classpath = System.getProperty("java.class.path");
        private Path directory;
        private boolean daemon = true;
        private Stderr stderr = Stderr.INHERIT;
        private Duration grace = Duration.ofSeconds(5);

        private Builder(String mainClass) {
            this.mainClass = Objects.requireNonNull(mainClass, "mainClass");
        }

        /** Adds JVM options (e.g. {@code -Xmx256m}); the ones jipc needs are added anyway. */
        public Builder jvmOptions(String... options) {
            jvmOptions.addAll(Arrays.asList(options));
            return this;
        }

        /** Adds program arguments. */
        public Builder args(String... arguments) {
            args.addAll(Arrays.asList(arguments));
            return this;
        }

        /** Sets an environment variable of the child (it inherits this JVM's environment otherwise). */
        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        /** The child's working directory; default this JVM's. */
        public Builder directory(Path dir) {
            directory = dir;
            return this;
        }

        /** The child's class path; default this JVM's. */
        public Builder classpath(String path) {
            classpath = Objects.requireNonNull(path, "path");
            return this;
        }

        /** A daemon child (the default) exits when this JVM exits or dies; a non-daemon one outlives it. */
        public Builder daemon(boolean value) {
            daemon = value;
            return this;
        }

        /** Where the child's standard error goes; default {@link Stderr#INHERIT}. */
        public Builder stderr(Stderr where) {
            stderr = Objects.requireNonNull(where, "where");
            return this;
        }

        /** How long {@link JvmProcess#close()} and {@link JvmProcess#terminate()} wait before the next, harder step; default 5 s. */
        public Builder grace(Duration period) {
            if (period.isNegative()) {
                throw new IllegalArgumentException("negative grace period " + period);
            }
            grace = period;
            return this;
        }

        /** Sets a query parameter of the pipe channel to this child, e.g. {@code maxMessage=64m}. */
        public Builder pipeParameter(String name, String value) {
            pipeParameters.put(name, value);
            return this;
        }

        /** @return the command line this builder runs */
        public List<String> command() {
            List<String> cmd = new ArrayList<>();
            cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(JvmOptions.required());
            cmd.addAll(jvmOptions);
            ProcessHandle self = ProcessHandle.current();
            cmd.add("-D" + PARENT_PID_PROPERTY + "=" + self.pid());
            cmd.add("-D" + PARENT_START_PROPERTY + "="
                + self.info().startInstant().map(i -> Long.toString(i.toEpochMilli())).orElse(""));
            cmd.add("-D" + DAEMON_PROPERTY + "=" + daemon);
            cmd.add("-cp");
            cmd.add(classpath);
            cmd.add(ChildMain.class.getName());
            cmd.add(mainClass);
            cmd.addAll(args);
            return cmd;
        }

        /**
         * Starts one child.
         *
         * @throws IpcException when the JVM cannot be started
         */
        public JvmProcess start() {
            ProcessBuilder pb = new ProcessBuilder(command());
            pb.environment().putAll(env);
            if (directory != null) {
                pb.directory(directory.toFile());
            }
            pb.redirectError(switch (stderr) {
                case INHERIT -> ProcessBuilder.Redirect.INHERIT;
                case CAPTURE -> ProcessBuilder.Redirect.PIPE;
                case DISCARD -> ProcessBuilder.Redirect.DISCARD;
            });
            try {
                return new JvmProcess(pb.start(), this);
            } catch (IOException e) {
                throw new IpcException(null, "cannot start a JVM for " + mainClass + ": " + e.getMessage(), e);
            }
        }

        /**
         * Starts {@code count} children; if one fails to start, those already started are killed.
         *
         * @return the children, in start order
         */
        public List<JvmProcess> start(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("count must be at least 1, was " + count);
            }
            List<JvmProcess> started = new ArrayList<>(count);
            try {
                for (int i = 0; i < count; i++) {
                    started.add(start());
                }
                return started;
            } catch (RuntimeException e) {
                started.forEach(JvmProcess::kill);
                throw e;
            }
        }
    }

}
