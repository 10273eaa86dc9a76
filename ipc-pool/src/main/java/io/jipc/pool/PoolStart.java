package io.jipc.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jipc.codec.Codec;

/**
 * Starts a pool: binds its transport (or not, on pipes), starts its workers in parallel and waits until each is
 * ready; a worker killed from outside while it starts is replaced once; if one cannot start, stops the others (also
 * those still starting) and leaves nothing behind. Then starts the dispatcher and lets workers started by hand join.
 */
final class PoolStart {

    private static final Logger LOG = LoggerFactory.getLogger(PoolStart.class);

    private PoolStart() {
    }

    /**
     * @throws WorkerStartException when a worker cannot start or its initializer throws
     * @throws io.jipc.EndpointException for a transport that cannot be used
     */
    static ProcessPool start(PoolConfig config) {
        Codec<Object> codec = PoolBuilder.codec(config);
        byte[] initializer = FunctionValue.encode(config.initializer(), codec);
        Spawner spawner = new Spawner(config, WorkerConnector.forTransport(config), initializer);
        List<CompletableFuture<WorkerSlot>> starts = new ArrayList<>();
        for (int i = 0; i < config.workers(); i++) {
            starts.add(spawner.startAsync());
        }
        List<WorkerSlot> ready = new ArrayList<>();
        Throwable failure = null;
        boolean[] restarted = new boolean[starts.size()];
        for (int i = 0; i < starts.size(); i++) {
            try {
                ready.add(starts.get(i).get(config.startTimeout().toMillis() + 30_000, TimeUnit.MILLISECONDS));
            } catch (ExecutionException e) {
                if (e.getCause() instanceof KilledWhileStartingException killed && failure == null && !restarted[i]) {
                    // killed from outside, not failing for the pool's settings: once per worker, another takes its place
                    LOG.warn("{}; starting another in its place", killed.getMessage());
                    restarted[i] = true;
                    starts.set(i, spawner.startAsync());
                    i--;
                    continue;
                }
                failure = failure == null ? e.getCause() : failure;
            } catch (InterruptedException | TimeoutException e) {
                failure = failure == null ? e : failure;
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (failure != null) {
            for (CompletableFuture<WorkerSlot> start : starts) {
                // the ready workers now, those still starting (after an interrupt or a timeout) once they are
                start.thenAccept(w -> {
                    w.process.kill();
                    Spawner.closeWorker(w.process, w.channel, Duration.ZERO);
                });
            }
            spawner.close();
            throw failure instanceof WorkerStartException e ? e
                : new WorkerStartException("the pool's workers could not start: " + failure, failure);
        }
        CallbackThreads callbackThreads = new CallbackThreads();
        ExecutorService callbacks = Executors.newSingleThreadExecutor(callbackThreads);
        Dispatcher dispatcher = new Dispatcher(config, spawner, ready, callbacks);
        ProcessPool pool = new ProcessPool(config, codec, dispatcher, callbacks, callbackThreads,
            spawner.connector().joinEndpoint());
        dispatcher.start();
        spawner.connector().onJoin(dispatcher::join);
        return pool;
    }
}
