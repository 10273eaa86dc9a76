package io.jipc.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jipc.Channel;
import io.jipc.Endpoint;
import io.jipc.IpcException;
import io.jipc.IpcInterruptedException;
import io.jipc.IpcOptions;
import io.jipc.Waitable;
import io.jipc.spi.PipeTransport;
import io.jipc.spi.Transports;

/**
 * A child process with a pipe channel over its stdin and stdout, like Python's {@code multiprocessing.Process}:
 * any executable that speaks the protocol of {@code docs/PROTOCOL.md} (a worker in Python, C, Rust...), or a JVM
 * ({@link JvmProcess}).
 * <pre>{@code
 * try (ChildProcess py = ChildProcess.command("python3", "worker.py").start();
 *      Channel ch = py.channel()) {
 *     ch.send(task);
 *     byte[] answer = ch.receive(Duration.ofSeconds(5));
 * }
 * }</pre>
 * Life cycle: {@link #pid()}, {@link #join(Duration)}, {@link #exitCode()}, {@link #terminate()}, {@link #kill()},
 * and {@link #close()}, which closes the channel (the child sees end-of-stream), waits the grace period, then
 * terminates and reaps it. A daemon child (the default) is destroyed when this JVM exits; if this JVM is killed with
 * -9 it sees end-of-file on its stdin, and must then exit (the protocol's workers do; a {@link JvmProcess} also
 * watches its parent). Its stderr is inherited, captured or discarded. {@link Waitable}: ready once it exited.
 * Thread-safe.
 */
public sealed class ChildProcess implements Waitable, AutoCloseable permits JvmProcess {

    private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);
    private static final Set<ChildProcess> DAEMONS = ConcurrentHashMap.newKeySet();
    private static final int CAPTURE_LIMIT = 1 << 20;
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (ChildProcess daemon : DAEMONS) {
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
    private final IpcOptions channelOptions;
    private Channel channel;
    private boolean closed;

    ChildProcess(Process process, String name, AbstractBuilder<?> settings) {
        this.process = process;
        this.name = name + "[" + process.pid() + "]";
        this.grace = settings.grace;
        this.daemon = settings.daemon;
        this.endpoint = new Endpoint("pipe", "pid/" + process.pid(), settings.pipeParameters);
        this.channelOptions = settings.channelOptions;
        if (settings.stderr == Stderr.CAPTURE) {
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
            LOG.debug("{} exited with code {}", this.name, p.exitValue());
        });
    }

    /**
     * @param command the executable and its arguments, e.g. {@code "python3", "worker.py"}
     * @return a builder for a child running it
     */
    public static Builder command(String... command) {
        return new Builder(Arrays.asList(command));
    }

    /** @return a builder for a child running {@code command} (the executable, then its arguments) */
    public static Builder command(List<String> command) {
        return new Builder(command);
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

    /** @return true when the child is a daemon: it does not outlive this JVM */
    public boolean isDaemon() {
        return daemon;
    }

    /**
     * Waits up to {@code timeout} for the child to exit.
     *
     * @return true when it exited, false when the timeout passed first
     * @throws IpcInterruptedException when the thread was interrupted while waiting (its status is set again)
     */
    public boolean join(Duration timeout) {
        try {
            return process.waitFor(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            throw IpcInterruptedException.interrupted(endpoint, "the exit of " + name);
        }
    }

    /** Joins for {@link #close()}: an interrupt does not stop the clean-up; the status is restored after it. */
    private boolean joinUninterruptibly(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
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

    /** @return true once the child exited */
    @Override
    public boolean isReady() {
        return !process.isAlive();
    }

    @Override
    public Registration onReady(Runnable wakeUp) {
        AtomicBoolean active = new AtomicBoolean(true);
        process.onExit().thenRun(() -> {
            if (active.get()) {
                wakeUp.run();
            }
        });
        return () -> active.set(false);
    }

    /**
     * Asks the child to stop (SIGTERM: a JVM runs its shutdown hooks) and kills it (SIGKILL) if it still runs after
     * the grace period. Returns at once; {@link #onExit()} or {@link #join(Duration)} tell when it is gone.
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
     * The pipe channel to the child (its stdin and stdout). Opened on first call, waiting for the child's handshake
     * (30 s, or the builder's {@link AbstractBuilder#channelOptions channel options}), then the same.
     *
     * @throws io.jipc.HandshakeException when the child does not answer with the jipc handshake
     * @throws io.jipc.EndpointException when ipc-pipe is not on the class path
     */
    public synchronized Channel channel() {
        if (channel == null) {
            PipeTransport pipe = Transports.require("pipe", PipeTransport.class);
            Transports.forEndpoint(endpoint, channelOptions);
            channel = pipe.open(endpoint, process.getInputStream(), process.getOutputStream(),
                Paths.get("/proc", Long.toString(process.pid()), "fd", "0"),
                () -> process.isAlive() ? null : "process " + process.pid() + " exited with code " + process.exitValue(),
                process.pid(), channelOptions);
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
     * the grace period for it to exit, then terminates it, then kills it. Idempotent; returns once the child is gone,
     * even when the calling thread is interrupted (its status is kept).
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
            ch.close(grace);
        } else {
            try {
                process.getOutputStream().close();
            } catch (IOException e) {
                LOG.debug("{}: closing stdin: {}", name, e.toString());
            }
        }
        if (!joinUninterruptibly(grace)) {
            process.destroy();
            if (!joinUninterruptibly(grace)) {
                LOG.warn("{} did not exit within {} of SIGTERM: killing it", name, grace);
                process.destroyForcibly();
                joinUninterruptibly(Duration.ofSeconds(10));
            }
        }
        if (ch == null) {
            closeQuietly(process.getInputStream());
        }
        DAEMONS.remove(this);
    }

    private void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            LOG.debug("{}: closing stdout: {}", name, e.toString());
        }
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
                String text = new String(buf, 0, n, StandardCharsets.UTF_8);
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
        /** Into memory, read with {@link ChildProcess#capturedStderr()}. */
        CAPTURE,
        /** Nowhere. */
        DISCARD
    }

    /**
     * What every child's builder sets: arguments, environment, directory, daemon, stderr, grace, pipe parameters.
     * Reusable, not thread-safe.
     *
     * @param <B> the concrete builder, returned by every setter
     */
    public abstract static sealed class AbstractBuilder<B extends AbstractBuilder<B>> permits Builder, JvmProcess.Builder {
        final List<String> args = new ArrayList<>();
        final Map<String, String> env = new LinkedHashMap<>();
        final Map<String, String> pipeParameters = new LinkedHashMap<>();
        Path directory;
        boolean daemon = true;
        Stderr stderr = Stderr.INHERIT;
        Duration grace = Duration.ofSeconds(5);
        IpcOptions channelOptions = IpcOptions.connectTimeout(HANDSHAKE_TIMEOUT);

        AbstractBuilder() {
        }

        /**
         * Options of the pipe channel to this child: handshake timeout ({@link io.jipc.IpcOption#CONNECT_TIMEOUT},
         * default 30 s), close linger, {@link io.jipc.IpcOption#LIVENESS_TIMEOUT} (the child's side sets its own
         * with {@code Ipc.connect("pipe:stdio", options)}).
         */
        public B channelOptions(IpcOptions options) {
            channelOptions = IpcOptions.connectTimeout(HANDSHAKE_TIMEOUT).with(Objects.requireNonNull(options, "options"));
            return self();
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }

        /** Adds program arguments. */
        public B args(String... arguments) {
            args.addAll(Arrays.asList(arguments));
            return self();
        }

        /**
         * Sets an environment variable of the child (it inherits this JVM's environment otherwise). The way to hand a
         * child a secret, such as {@link io.jipc.IpcOptions#AUTH_KEY_ENVIRONMENT}: unlike its arguments, its
         * environment is visible only to its own user.
         */
        public B env(String name, String value) {
            env.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return self();
        }

        /** The child's working directory; default this JVM's. */
        public B directory(Path dir) {
            directory = dir;
            return self();
        }

        /** A daemon child (the default) does not outlive this JVM; a non-daemon one may. */
        public B daemon(boolean value) {
            daemon = value;
            return self();
        }

        /** Where the child's standard error goes; default {@link Stderr#INHERIT}. */
        public B stderr(Stderr where) {
            stderr = Objects.requireNonNull(where, "where");
            return self();
        }

        /** How long {@link ChildProcess#close()} and {@link ChildProcess#terminate()} wait before the next, harder step; default 5 s. */
        public B grace(Duration period) {
            if (period.isNegative()) {
                throw new IllegalArgumentException("negative grace period " + period);
            }
            grace = period;
            return self();
        }

        /** Sets a query parameter of the pipe channel to this child, e.g. {@code maxMessage=64m}. */
        public B pipeParameter(String name, String value) {
            pipeParameters.put(name, value);
            return self();
        }

        /** @return the command line this builder runs */
        public abstract List<String> command();

        /** @return a name for logs and errors */
        abstract String displayName();

        /** Starts the process; the subclass wraps it. */
        final Process launch() {
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
                return pb.start();
            } catch (IOException e) {
                throw new IpcException(null, "cannot start " + displayName() + ": " + e.getMessage(), e);
            }
        }
    }

    /** Configures and starts children running an executable; reusable, not thread-safe. */
    public static final class Builder extends AbstractBuilder<Builder> {
        private final List<String> command;

        private Builder(List<String> command) {
            if (command.isEmpty()) {
                throw new IllegalArgumentException("a command needs at least the executable");
            }
            this.command = List.copyOf(command);
        }

        @Override
        public List<String> command() {
            List<String> cmd = new ArrayList<>(command);
            cmd.addAll(args);
            return cmd;
        }

        @Override
        String displayName() {
            return command.get(0);
        }

        /**
         * Starts one child.
         *
         * @throws IpcException when it cannot be started (naming the executable and why)
         */
        public ChildProcess start() {
            return new ChildProcess(launch(), Path.of(command.get(0)).getFileName().toString(), this);
        }

        /**
         * Starts {@code count} children; if one fails to start, those already started are killed.
         *
         * @return the children, in start order
         */
        public List<ChildProcess> start(int count) {
            return startMany(count, this::start);
        }
    }

    static <P extends ChildProcess> List<P> startMany(int count, java.util.function.Supplier<P> starter) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, was " + count);
        }
        List<P> started = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                started.add(starter.get());
            }
            return started;
        } catch (RuntimeException e) {
            started.forEach(ChildProcess::kill);
            throw e;
        }
    }
}
