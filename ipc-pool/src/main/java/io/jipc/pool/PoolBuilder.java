package io.jipc.pool;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jipc.Endpoint;
import io.jipc.EndpointException;
import io.jipc.IpcOption;
import io.jipc.IpcOptions;
import io.jipc.spi.Transports;
import io.jipc.codec.Codec;
import io.jipc.process.JvmProcess;

/**
 * The settings of a {@link ProcessPool.Builder}, with their defaults and checks in one place.
 *
 * @param <B> the builder type, returned by every setter
 */
public abstract class PoolBuilder<B extends PoolBuilder<B>> {

    /**
     * Warm spares a pool that starts workers keeps by default: one, so that a worker that dies (or reaches its task
     * limit) is replaced in milliseconds; {@code -Djipc.pool.spares=0} changes the default.
     */
    public static final int DEFAULT_SPARES = Integer.getInteger("jipc.pool.spares", 1);

    /** Default time a worker may take from spawn to ready, initializer included. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);
    /** Default of {@link #unresponsiveAfter}: longer than a garbage-collection pause should ever be. */
    public static final Duration DEFAULT_UNRESPONSIVE_AFTER = Duration.ofSeconds(5);

    /**
     * What a pool's codec decodes without being told, besides {@link io.jipc.codec.Codecs#SAFE_JDK_CLASSES} and the
     * types {@link StandardTaskCodec} writes itself: the pool's own wrappers of a {@link java.util.concurrent.Callable}
     * or {@link Runnable} given to its {@code ExecutorService} methods.
     */
    public static final List<String> DEFAULT_ALLOWED = List.of(
        "io.jipc.pool.TaskEncoder$CallableTask", "io.jipc.pool.TaskEncoder$RunnableTask");

    private static final Logger LOG = LoggerFactory.getLogger(ProcessPool.class);

    private int workers = Runtime.getRuntime().availableProcessors();
    private String transport = "pipe:";
    private IpcOptions transportOptions = IpcOptions.defaults();
    private final List<String> jvmOptions = new ArrayList<>();
    private Initializer initializer;
    private int maxTasksPerWorker;
    private Class<? extends TaskCodecFactory> codecFactory = StandardTaskCodec.class;
    private final List<String> allowed = new ArrayList<>();
    private Duration startTimeout = DEFAULT_START_TIMEOUT;
    private Duration grace = Duration.ofSeconds(5);
    private Duration unresponsiveAfter = DEFAULT_UNRESPONSIVE_AFTER;
    private JvmProcess.Stderr stderr = JvmProcess.Stderr.INHERIT;
    private Path classDataArchive;
    private boolean defaultArchive = true;
    private Consumer<Throwable> executeFailures = PoolBuilder::logExecuteFailure;
    /** -1: the default, {@link #DEFAULT_SPARES} when the pool starts workers. */
    private int spares = -1;

    PoolBuilder() {
        allowed.addAll(DEFAULT_ALLOWED);
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * Number of worker JVMs the pool starts and keeps running; default: the available processors. 0 is allowed on a
     * transport workers can join (not {@code pipe:}): tasks then wait for workers started by hand.
     */
    public B workers(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("workers must be 0 or more, was " + count);
        }
        workers = count;
        return self();
    }

    /**
     * How workers reach the pool: {@code pipe:} (the default: each worker's stdin and stdout, with optional pipe
     * parameters such as {@code pipe:?maxMessage=64m}), or an endpoint the pool binds and workers connect to, such
     * as {@code shm:/dev/shm/app/pool}. On such a transport workers started by hand may join the pool too
     * ({@link Worker}).
     */
    public B transport(String uri) {
        return transport(uri, IpcOptions.defaults());
    }

    /**
     * A transport the pool binds with options beside its URI, such as the authentication key of
     * {@code tcp://0.0.0.0:7000}: the workers the pool starts get the key in their environment
     * ({@value IpcOptions#AUTH_KEY_ENVIRONMENT}), never on their command line; workers started by hand set it
     * themselves. The transport must take every option given ({@link io.jipc.spi.Transport#options()}).
     */
    public B transport(String uri, IpcOptions options) {
        Endpoint.parse(uri);
        transport = uri;
        transportOptions = Objects.requireNonNull(options, "options");
        return self();
    }

    /** Adds options to every worker JVM (e.g. {@code -Xmx512m}); the ones jipc needs are added anyway. */
    public B jvmOptions(String... options) {
        jvmOptions.addAll(Arrays.asList(options));
        return self();
    }

    /**
     * Warm spare workers the pool keeps ready outside the pool (default {@link #DEFAULT_SPARES}, 0 for a pool of
     * joined workers only): started a second after the pool, initialized and run through a few tasks of the pool's
     * own, each takes the place of a worker that dies or reaches its task limit at once, and is replaced in the
     * background. A spare costs an idle JVM (memory, and a wake-up a millisecond); 0 keeps none.
     */
    public B spares(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("spares must be 0 or more, was " + count);
        }
        spares = count;
        return self();
    }

    /** Runs once in each worker before its first task; its exception stops that worker from starting. */
    public B initializer(Initializer init) {
        initializer = Objects.requireNonNull(init, "init");
        return self();
    }

    /** A worker is replaced after running this many tasks (chunks, for a map); 0 (the default): never. */
    public B maxTasksPerWorker(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("maxTasksPerWorker must be 0 (no limit) or positive, was " + count);
        }
        maxTasksPerWorker = count;
        return self();
    }

    /** The codec of tasks and results, created by class name in every worker; default {@link StandardTaskCodec}. */
    public B codec(Class<? extends TaskCodecFactory> factory) {
        codecFactory = Objects.requireNonNull(factory, "factory");
        return self();
    }

    /**
     * Widens the allow-list of the pool's codec: the classes it may deserialize, here (results) and in the workers
     * (captured values, inputs, tasks that are not lambdas), as {@link java.io.ObjectInputFilter} patterns
     * ({@code com.example.Order}, {@code com.example.*} for a package, {@code com.example.**} with its
     * sub-packages). By default only {@link #DEFAULT_ALLOWED}, {@link io.jipc.codec.Codecs#SAFE_JDK_CLASSES} and the
     * values {@link StandardTaskCodec} writes itself (numbers, strings, byte arrays) cross. The lambdas and method
     * references given to the pool as tasks, map functions or initializer need no entry: they travel as lambdas,
     * rebuilt in the worker by the class that declares them. {@code *} alone is refused.
     */
    public B allow(String... patterns) {
        for (String p : patterns) {
            if (p.isBlank() || p.contains(";") || p.startsWith("!") || p.equals("*") || p.equals("**")) {
                throw new IllegalArgumentException("not an allow-list pattern: '" + p + "'");
            }
            allowed.add(p);
        }
        return self();
    }

    /** Widens the allow-list by these exact classes, e.g. the records tasks return. @see #allow(String...) */
    public B allow(Class<?>... types) {
        for (Class<?> type : types) {
            allowed.add(type.getName());
        }
        return self();
    }

    /**
     * Where the failure of a task given to {@link ProcessPool#execute(Runnable)} goes, since nobody holds its future:
     * called on the pool's callback thread. By default it is logged through SLF4J, at ERROR (a cancellation by
     * {@code shutdownNow()} at DEBUG).
     */
    public B onExecuteFailure(Consumer<Throwable> handler) {
        executeFailures = Objects.requireNonNull(handler, "handler");
        return self();
    }

    private static void logExecuteFailure(Throwable error) {
        if (error instanceof CancellationException) {
            LOG.debug("a task given to ProcessPool.execute was cancelled: {}", error.getMessage());
        } else {
            LOG.error("a task given to ProcessPool.execute failed", error);
        }
    }

    /** Longest time from a worker's spawn to ready, initializer included; default 60 s. */
    public B startTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("startTimeout must be positive, was " + timeout);
        }
        startTimeout = timeout;
        return self();
    }

    /**
     * How long a worker may stay alive but silent (stopped, swapped out, wedged) before the pool declares it
     * unresponsive, kills it and replaces it; its tasks fail with {@link WorkerUnresponsiveException} (an idempotent
     * one is retried once). Workers prove liveness from a background thread, so a long task is not silence: per-task
     * timeouts are the tool for those. Keep it above the workers' longest garbage-collection pause; default
     * {@link #DEFAULT_UNRESPONSIVE_AFTER}; {@link Duration#ZERO} turns it off. Applies on transports that declare
     * {@link IpcOption#LIVENESS_TIMEOUT} ({@code pipe:}, {@code shm:}); elsewhere a worker is judged by its process
     * or its connection.
     */
    public B unresponsiveAfter(Duration bound) {
        if (bound.isNegative()) {
            throw new IllegalArgumentException("negative unresponsiveAfter " + bound);
        }
        unresponsiveAfter = bound;
        return self();
    }

    /** How long a closing worker may take to exit before it is terminated; default 5 s. */
    public B grace(Duration period) {
        if (period.isNegative()) {
            throw new IllegalArgumentException("negative grace period " + period);
        }
        grace = period;
        return self();
    }

    /** Where workers' standard error (and what they print) goes; default inherited. */
    public B stderr(JvmProcess.Stderr where) {
        stderr = Objects.requireNonNull(where, "where");
        return self();
    }

    /**
     * Starts workers from an AppCDS archive of the classes they load, made by the first worker that exits when the
     * file does not exist yet: later pools start their workers faster. Works when the class path holds only jars.
     */
    public B classDataArchive(Path archive) {
        classDataArchive = archive.toAbsolutePath();
        return self();
    }

    /**
     * Starts workers without a class-data archive. By default, when this JVM's class path is plain jars, pools use
     * one per JDK and class path under the temp directory (see {@code docs/pool.md}); {@code -Djipc.pool.cds=false}
     * turns that off for every pool.
     */
    public B noClassDataArchive() {
        classDataArchive = null;
        defaultArchive = false;
        return self();
    }

    PoolConfig config() {
        Endpoint endpoint = Endpoint.parse(transport);
        boolean pipe = endpoint.scheme().equals("pipe");
        if (pipe && !endpoint.address().isEmpty()) {
            throw new EndpointException(endpoint, "a pool on pipes takes no address: use pipe: (or pipe:?maxMessage=64m)");
        }
        if (pipe && !transportOptions.keys().isEmpty()) {
            throw new EndpointException(endpoint, "a pool on pipes takes no options: " + transportOptions);
        }
        if (pipe && workers == 0) {
            throw new IllegalArgumentException("a pool on pipes needs at least one worker: nobody can join it");
        }
        if (workers == 0 && spares > 0) {
            throw new IllegalArgumentException("spares replace the pool's own workers: a pool of workers(0) has none to"
                + " replace (spares were " + spares + ")");
        }
        try {
            java.io.ObjectInputFilter.Config.createFilter(String.join(";", allowed));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid allow-list " + allowed + ": " + e.getMessage(), e);
        }
        IpcOptions options = transportOptions;
        if (!unresponsiveAfter.isZero() && !options.has(IpcOption.LIVENESS_TIMEOUT)
            && Transports.forScheme(endpoint.scheme()).options().contains(IpcOption.LIVENESS_TIMEOUT)) {
            options = options.with(IpcOption.LIVENESS_TIMEOUT, unresponsiveAfter);
        }
        return new PoolConfig(workers, endpoint, options, List.copyOf(jvmOptions), initializer,
            maxTasksPerWorker, codecFactory,
            List.copyOf(allowed), startTimeout, grace, stderr,
            classDataArchive != null ? classDataArchive
                : defaultArchive ? ClassDataArchives.defaultArchive().orElse(null) : null, executeFailures,
            spares >= 0 ? spares : workers > 0 ? Math.max(0, DEFAULT_SPARES) : 0);
    }

    static Codec<Object> codec(PoolConfig config) {
        try {
            return Worker.codecFactory(config.codecFactory().getName()).create(config.allowed());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot create the codec factory " + config.codecFactory().getName()
                + " (it needs a public no-argument constructor): " + e, e);
        }
    }
}
