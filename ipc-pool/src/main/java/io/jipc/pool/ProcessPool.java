package io.jipc.pool;

import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jipc.Endpoint;
import io.jipc.IpcOptions;
import io.jipc.codec.Codec;
import io.jipc.process.JvmOptions;

/**
 * A pool of worker JVMs, like Python's {@code multiprocessing.Pool} and {@code ProcessPoolExecutor}, that never
 * hangs: a worker that dies fails (or, for idempotent tasks, retries once) only the tasks it held and is replaced.
 * <pre>{@code
 * try (ProcessPool pool = ProcessPool.builder().workers(3).build()) {
 *     pool.submit(() -> slowPlus100(n)).thenAccept(r -> log.info("done {}", r));
 *     List<Integer> squares = pool.map(Tasks::square, List.of(1, 2, 3, 4));
 * }
 * }</pre>
 * Tasks are serializable lambdas ({@link Task}, {@link TaskFunction}) sent through the pool's codec; a task's
 * exception comes back as a {@link RemoteTaskException} carrying the worker's trace. Futures complete on the pool's
 * callback thread, so a {@code thenAccept} runs there (keep it short, or use the {@code ...Async} variants); the
 * pool's blocking calls ({@code map}, {@code mapUnordered}, {@code invokeAll}, {@code invokeAny}) throw
 * {@link IllegalStateException} there, as they would wait on that very thread forever.
 * <p>
 * Workers reach the pool over its transport: each worker's pipe by default, or an endpoint the pool binds
 * ({@link Builder#transport(String, io.jipc.IpcOptions)}), where workers started by hand, on this host or another,
 * may join too ({@link Worker}, {@link #workerCommand()}): they take tasks like the pool's own, and their death fails
 * only their tasks, but the pool never restarts them.
 * Thread-safe. {@link #close()} takes no new tasks, runs those submitted, then stops and reaps every worker (and
 * closes the channels of those that joined, which then exit).
 */
public final class ProcessPool implements ExecutorService, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessPool.class);

    private final PoolConfig config;
    private final Codec<Object> codec;
    private final Dispatcher dispatcher;
    private final ExecutorService callbacks;
    private final CallbackThreads callbackThreads;
    private final AtomicInteger functionIds = new AtomicInteger();
    private final TaskEncoder encoder;
    private final Optional<Endpoint> endpoint;
    private volatile boolean accepting = true;

    /** A started pool: see {@link PoolStart}. */
    ProcessPool(PoolConfig config, Codec<Object> codec, Dispatcher dispatcher, ExecutorService callbacks,
                CallbackThreads callbackThreads, Optional<Endpoint> endpoint) {
        this.config = config;
        this.endpoint = endpoint;
        this.encoder = new TaskEncoder(codec);
        this.codec = codec;
        this.dispatcher = dispatcher;
        this.callbacks = callbacks;
        this.callbackThreads = callbackThreads;
        dispatcher.terminated().whenComplete((v, e) -> callbacks.shutdown());
    }

    /**
     * @return a builder; the classes the pool's codec may deserialize are set with {@link Builder#allow(Class[])}
     *     and {@link Builder#allow(String...)} (common JDK types and the lambdas given to the pool need nothing)
     */
    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------ tasks

    /**
     * Runs a task in a worker.
     *
     * @return completes with the task's result; fails with {@link RemoteTaskException} (the task threw),
     *     {@link WorkerDiedException}, {@link TaskTimeoutException}, {@link io.jipc.codec.CodecException} (the task or
     *     its result could not cross), or {@link CancellationException} after {@link #shutdownNow()}
     * @throws RejectedExecutionException after {@link #shutdown()} or {@link #close()}
     */
    public <R> CompletableFuture<R> submit(Task<R> task) {
        return submit(task, TaskOptions.DEFAULTS);
    }

    /** Runs a task in a worker with a timeout or as idempotent. @see #submit(Task) */
    public <R> CompletableFuture<R> submit(Task<R> task, TaskOptions options) {
        return run(task, task, options);
    }

    /** Submits a {@link Task}, {@link Callable} or {@link Runnable}. */
    @SuppressWarnings("unchecked")
    private <R> CompletableFuture<R> run(Object task, Object original, TaskOptions options) {
        requireAccepting();
        CompletableFuture<Object> future = new CompletableFuture<>();
        Job job;
        try {
            job = encoder.job(task, original, new FutureSink(future, codec, dispatcher.completions()), options);
        } catch (RuntimeException e) {
            future.completeExceptionally(e);
            return (CompletableFuture<R>) (CompletableFuture<?>) future;
        }
        dispatcher.submit(job);
        return (CompletableFuture<R>) (CompletableFuture<?>) future;
    }

    /**
     * Applies {@code function} to every input in the workers, like Python's {@code Pool.map}: the function is sent
     * once to each worker, the inputs in chunks (see {@link TaskOptions#chunkSize()}).
     *
     * @return the results, in input order
     * @throws RemoteTaskException when the function threw for an input (the first failure ends the map), or the
     *     other failures of {@link #submit(Task)}
     * @throws IllegalStateException on the pool's callback thread (in a {@code thenAccept}), where it would wait
     *     forever: use {@link #mapAsync} there
     */
    public <T, R> List<R> map(TaskFunction<? super T, ? extends R> function, Collection<? extends T> inputs) {
        return map(function, inputs, TaskOptions.DEFAULTS);
    }

    /** Like {@link #map(TaskFunction, Collection)}, with a chunk size, a timeout per chunk, or as idempotent. */
    public <T, R> List<R> map(TaskFunction<? super T, ? extends R> function, Collection<? extends T> inputs,
                              TaskOptions options) {
        requireNotCallbackThread("map", "use mapAsync");
        return join(mapAsync(function, inputs, options));
    }

    /** Like {@link #map(TaskFunction, Collection, TaskOptions)}, without waiting. */
    @SuppressWarnings("unchecked")
    public <T, R> CompletableFuture<List<R>> mapAsync(TaskFunction<? super T, ? extends R> function,
                                                      Collection<? extends T> inputs, TaskOptions options) {
        requireAccepting();
        Object[] array = inputs.toArray();
        if (array.length == 0) {
            return CompletableFuture.completedFuture(List.of());
        }
        OrderedMap call = new OrderedMap(functionIds.incrementAndGet(), FunctionValue.encode(function, codec), array,
            codec, callbacks);
        enqueue(call, options);
        return (CompletableFuture<List<R>>) (CompletableFuture<?>) call.future;
    }

    /**
     * Applies {@code function} to every input in the workers and hands the results out as they complete (Python's
     * {@code imap_unordered}). The stream blocks for each next result; the first failure is thrown from it.
     *
     * @throws IllegalStateException on the pool's callback thread, where the stream would wait forever
     */
    @SuppressWarnings("unchecked")
    public <T, R> Stream<R> mapUnordered(TaskFunction<? super T, ? extends R> function, Collection<? extends T> inputs,
                                         TaskOptions options) {
        requireNotCallbackThread("mapUnordered", "use mapAsync");
        requireAccepting();
        Object[] array = inputs.toArray();
        UnorderedMap call = new UnorderedMap(functionIds.incrementAndGet(), FunctionValue.encode(function, codec), array,
            codec, callbacks);
        if (array.length > 0) {
            enqueue(call, options);
        }
        return (Stream<R>) StreamSupport.stream(Spliterators.spliterator(call, array.length, Spliterator.SIZED), false);
    }

    private void enqueue(MapCall call, TaskOptions options) {
        int n = call.inputs.length;
        int workers = Math.max(1, Math.max(config.workers(), dispatcher.pids().size()));
        int chunk = options.chunkSize() > 0 ? options.chunkSize() : Math.max(1, (n + 4 * workers - 1) / (4 * workers));
        long timeout = options.timeout().toNanos();
        if (chunk == 1) { // one run; the dealer cuts it into what each worker may take
            dispatcher.submit(Job.each(call, 0, n, timeout, options.idempotent()));
            return;
        }
        int jobs = (n + chunk - 1) / chunk;
        Job[] batch = new Job[jobs];
        for (int j = 0; j < jobs; j++) {
            int first = j * chunk;
            batch[j] = new Job(call, null, null, first, Math.min(chunk, n - first), timeout, options.idempotent());
        }
        dispatcher.submit(batch);
    }

    private void requireAccepting() {
        if (!accepting) {
            throw new RejectedExecutionException("the pool is shut down: it takes no new tasks");
        }
    }

    /**
     * Futures complete on the callback thread: a blocking call there would wait for a completion queued behind the
     * very callback that waits.
     */
    private void requireNotCallbackThread(String call, String instead) {
        if (callbackThreads.isCurrent()) {
            throw new IllegalStateException("ProcessPool." + call + " blocks and was called on the pool's callback thread "
                + Thread.currentThread().getName() + ", where its result would be completed: it would wait forever; "
                + instead + ", or move the callback off that thread (thenAcceptAsync, whenCompleteAsync)");
        }
    }

    static RuntimeException unchecked(Throwable error) {
        if (error instanceof RuntimeException e) {
            return e;
        }
        if (error instanceof Error e) {
            throw e;
        }
        return new PoolException(error.toString(), error);
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw unchecked(e.getCause());
        }
    }

    // ------------------------------------------------------------------ state

    /**
     * @return the process ids of the running workers, a snapshot: those the pool started, and those that joined (for
     *     a worker whose transport cannot vouch for its pid, such as TCP, the pid it announced, on its own host)
     */
    public List<Long> workerPids() {
        return dispatcher.pids();
    }

    /** @return the number of workers the pool starts and keeps running (workers that joined by hand come on top) */
    public int size() {
        return config.workers();
    }

    /**
     * @return where workers started by hand join this pool (as {@link Worker}'s argument); empty on {@code pipe:},
     *     which nobody can join
     */
    public Optional<Endpoint> endpoint() {
        return endpoint;
    }

    /**
     * The command that starts a worker by hand, here or on another host with the same class path and Java version:
     * {@code java}, the JVM options jipc needs, this JVM's class path, {@link Worker} and {@link #endpoint()}. A key
     * the transport needs goes in the worker's environment ({@value IpcOptions#AUTH_KEY_ENVIRONMENT}), never here.
     *
     * @return the command, one argument per element
     * @throws IllegalStateException on {@code pipe:}, which nobody can join
     */
    public List<String> workerCommand() {
        Endpoint joinAt = endpoint.orElseThrow(() -> new IllegalStateException(
            "a pool on " + config.transport() + " takes no workers started by hand: give it a transport it binds"));
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JvmOptions.required());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Worker.class.getName());
        command.add(joinAt.toString());
        return command;
    }

    /** @return how many worker JVMs this pool started so far, replacements included */
    public long workersStarted() {
        return dispatcher.workersStarted();
    }

    /** @return how many workers died (or broke the protocol, or went away) while in the pool */
    public long workersLost() {
        return dispatcher.workersLost();
    }

    /** @return how many workers started by hand joined this pool so far */
    public long workersJoined() {
        return dispatcher.workersJoined();
    }

    /**
     * @return how many warm spare workers are ready now, outside {@link #workerPids()} (see
     *     {@link PoolBuilder#spares(int)})
     */
    public int spareWorkers() {
        return dispatcher.sparesReady();
    }

    // ------------------------------------------------------------------ ExecutorService

    /** Takes no new tasks; those submitted still run. Returns at once. Idempotent. */
    @Override
    public void shutdown() {
        accepting = false;
        dispatcher.submit((Runnable) dispatcher::shutdown);
    }

    /**
     * Takes no new tasks, fails those queued and running with {@link CancellationException}, and terminates the
     * workers (SIGTERM, then SIGKILL after the grace period).
     *
     * @return the submitted tasks that never started (as runnables that would run them here)
     */
    @Override
    public List<Runnable> shutdownNow() {
        accepting = false;
        List<Object> never;
        try {
            CompletableFuture<List<Object>> cancelled = dispatcher.call(dispatcher::shutdownNow);
            CompletableFuture.anyOf(cancelled, dispatcher.terminated()).get(30, TimeUnit.SECONDS);
            never = cancelled.getNow(List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (ExecutionException | TimeoutException e) {
            return List.of();
        }
        List<Runnable> runnables = new ArrayList<>();
        for (Object task : never) {
            runnables.add(TaskEncoder.runnable(task));
        }
        return runnables;
    }

    @Override
    public boolean isShutdown() {
        return !accepting;
    }

    @Override
    public boolean isTerminated() {
        return dispatcher.terminated().isDone();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        try {
            dispatcher.terminated().get(timeout, unit);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    /**
     * Takes no new tasks, waits for every submitted one to finish, then stops and reaps the workers. Idempotent.
     * A task that never ends keeps {@code close()} waiting: give such tasks a {@link TaskOptions#timeout()}, or
     * call {@link #shutdownNow()}.
     */
    @Override
    public void close() {
        shutdown();
        boolean interrupted = false;
        while (true) {
            try {
                dispatcher.terminated().get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs a {@link Callable} in a worker: it must be serializable (a {@link Task} is; a lambda written where a plain
     * {@code Callable} is expected is not, unless cast to {@code Callable<T> & Serializable}).
     */
    @Override
    public <T> CompletableFuture<T> submit(Callable<T> task) {
        return run(task, task, TaskOptions.DEFAULTS);
    }

    /** Runs a serializable {@link Runnable} in a worker. */
    @Override
    public CompletableFuture<?> submit(Runnable task) {
        return run(task, task, TaskOptions.DEFAULTS);
    }

    /** Runs a {@link Runnable} in a worker, then completes with {@code result}: both must be serializable. */
    @Override
    public <T> CompletableFuture<T> submit(Runnable task, T result) {
        return result == null ? run(task, task, TaskOptions.DEFAULTS)
            : run(new TaskEncoder.RunnableTask<>(task, result), task, TaskOptions.DEFAULTS);
    }

    /**
     * Runs a serializable {@link Runnable} in a worker. Nobody holds its future, so its failure goes to the handler
     * set with {@link Builder#onExecuteFailure}, by default logged through SLF4J (at ERROR; a cancellation by
     * {@link #shutdownNow()} at DEBUG). Use {@link #submit(Runnable)} to handle it yourself.
     *
     * @throws RejectedExecutionException after {@link #shutdown()} or {@link #close()}
     */
    @Override
    public void execute(Runnable command) {
        submit(command).whenComplete((v, error) -> {
            if (error != null) {
                reportExecuteFailure(command, error);
            }
        });
    }

    private void reportExecuteFailure(Runnable command, Throwable error) {
        try {
            config.executeFailures().accept(error);
        } catch (RuntimeException e) {
            LOG.error("the pool's execute-failure handler threw while handling the failure of {}", command, e);
            LOG.error("that failure was", error);
        }
    }


    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
        requireNotCallbackThread("invokeAll", "use submit");
        return Invocations.all(tasks, -1, this::submit);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        requireNotCallbackThread("invokeAll", "use submit");
        return Invocations.all(tasks, unit.toNanos(timeout), this::submit);
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        try {
            return invokeAny(tasks, Long.MAX_VALUE / 2, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new ExecutionException(e);
        }
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        requireNotCallbackThread("invokeAny", "use submit");
        return Invocations.any(tasks, unit.toNanos(timeout), this::submit);
    }

    @Override
    public String toString() {
        return "ProcessPool[" + config.workers() + " workers on " + endpoint.orElse(config.transport()) + ", running "
            + workerPids() + "]";
    }

    // ------------------------------------------------------------------ builder

    /** Configures and starts a pool; not thread-safe. */
    public static final class Builder extends PoolBuilder<Builder> {

        Builder() {
        }

        /**
         * Starts the workers and waits until each is ready (its initializer returned).
         *
         * @throws WorkerStartException when a worker cannot start or its initializer throws (no worker is left
         *     running)
         * @throws io.jipc.EndpointException for a transport that cannot be used
         */
        public ProcessPool build() {
            return PoolStart.start(config());
        }
    }
}
