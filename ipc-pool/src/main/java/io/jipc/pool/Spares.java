package io.jipc.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool's warm spares ({@link PoolConfig#spares()}): worker JVMs started, initialized and warmed up
 * ({@link WarmUp}) ahead of need, outside the pool, so that a lost or retired worker is replaced in milliseconds
 * instead of a JVM start. They start once the pool has run for {@link #DELAY_NANOS} (a short-lived pool never pays
 * for one, nor do its first tasks), and again after each is taken. Dispatcher thread only, apart from
 * {@link #ready()}.
 */
final class Spares {

    private static final Logger LOG = LoggerFactory.getLogger(Spares.class);
    /** How long after the pool's start (and after a failed start) spares start. */
    static final long DELAY_NANOS = 1_000_000_000L;

    private final int wanted;
    private final Spawner spawner;
    private final Executor dispatcherThread;
    private final List<CompletableFuture<Void>> closing;
    private final List<WorkerSlot> ready = new ArrayList<>();
    private volatile int readyCount;
    private int starting;
    private long nextStartAllowed = System.nanoTime() + DELAY_NANOS;
    private boolean closed;

    /**
     * @param closing where the futures of closed spares go, for the pool's end to wait on
     */
    Spares(int wanted, Spawner spawner, Executor dispatcherThread, List<CompletableFuture<Void>> closing) {
        this.wanted = wanted;
        this.spawner = spawner;
        this.dispatcherThread = dispatcherThread;
        this.closing = closing;
    }

    /** @return how many spares are ready now; any thread */
    int ready() {
        return readyCount;
    }

    /** @return how many spares are starting */
    int starting() {
        return starting;
    }

    /** @return a live spare, taken out of the spares, or null when there is none */
    WorkerSlot take() {
        while (!ready.isEmpty()) {
            WorkerSlot spare = ready.remove(ready.size() - 1);
            readyCount = ready.size();
            if (spare.process.isAlive()) {
                LOG.debug("spare {} takes a worker's place", spare);
                return spare;
            }
            closing.add(spawner.closeAsync(spare));
        }
        return null;
    }

    /**
     * Replaces spares that died, and starts the missing ones once allowed.
     *
     * @param startAllowed false while the pool drains, stops, or fails to start workers
     */
    void keep(long now, boolean startAllowed) {
        for (int i = ready.size() - 1; i >= 0; i--) {
            if (!ready.get(i).process.isAlive()) {
                LOG.debug("spare {} died: replacing it", ready.get(i));
                closing.add(spawner.closeAsync(ready.remove(i)));
                readyCount = ready.size();
            }
        }
        if (!startAllowed || now - nextStartAllowed < 0) {
            return;
        }
        while (ready.size() + starting < wanted) {
            starting++;
            spawner.startSpareAsync().whenComplete((w, error) -> dispatcherThread.execute(() -> started(w, error)));
        }
    }

    private void started(WorkerSlot w, Throwable error) {
        starting--;
        if (error != null) {
            nextStartAllowed = System.nanoTime() + 10 * DELAY_NANOS;
            LOG.debug("a spare worker could not start: {}", error.toString());
        } else if (closed) {
            closing.add(spawner.closeAsync(w));
        } else {
            ready.add(w);
            readyCount = ready.size();
        }
    }

    /** Closes every spare (killed first when {@code kill}); those still starting are closed once started. */
    void close(boolean kill) {
        closed = true;
        for (WorkerSlot spare : ready) {
            if (kill) {
                spare.kill();
            }
            spare.state = WorkerSlot.State.CLOSED;
            closing.add(spawner.closeAsync(spare));
        }
        ready.clear();
        readyCount = 0;
    }
}
