package io.jipc.pool;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jipc.spi.Backoff;

/**
 * The pool's one thread that owns all its state, and its duty cycle: take what was submitted, read the workers'
 * answers ({@link Supervisor#poll()}), deal the waiting jobs ({@link Dealer}), hand the completions to the callback
 * thread, and every few milliseconds look after the workers ({@link Supervisor#supervise}). Idle, it waits with a
 * {@link Backoff} (yields, then parks for longer and longer); a submission wakes it. Other threads talk to it through
 * {@link #submit(Object)} only.
 */
final class Dispatcher implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private static final long HOUSEKEEPING_NANOS = 5_000_000;
    /** Longest park when nothing at all is expected: a submission wakes the thread anyway. */
    private static final long IDLE_PARK_NANOS = 50_000_000;

    private final PoolConfig config;
    private final Spawner spawner;
    private final ConcurrentLinkedQueue<Object> inbox = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<Job> pending = new ArrayDeque<>();
    private final Supervisor supervisor;
    private final Dealer dealer;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final Completions completions;
    private final Backoff idle = new Backoff();
    private volatile boolean parked;
    /** Set once the dispatcher thread made its last pass over the inbox: later submissions are failed by their submitter. */
    private volatile boolean finished;
    private Thread thread;

    Dispatcher(PoolConfig config, Spawner spawner, List<WorkerSlot> initial, Executor callbacks) {
        this.config = config;
        this.spawner = spawner;
        this.completions = new Completions(callbacks);
        Window window = new Window();
        this.supervisor = new Supervisor(config, spawner, action -> submit(action), pending, window);
        this.dealer = new Dealer(config, supervisor, pending, window);
        for (WorkerSlot w : initial) {
            supervisor.adopt(w);
        }
    }

    void start() {
        thread = new Thread(this, "jipc-pool-dispatcher");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Hands a {@link Job}, a {@code Job[]}, a worker that joined or a {@link Runnable} (run on the dispatcher thread)
     * over. Any thread. Once the pool is terminated, a job fails with {@link CancellationException}, a joined
     * worker's channel is closed and a runnable is dropped.
     */
    void submit(Object item) {
        inbox.add(item);
        if (finished) {
            // the dispatcher may have drained the inbox before this item came: whoever removes it settles it
            if (inbox.remove(item) && !(item instanceof Runnable)) {
                dispose(item, new CancellationException("the pool is terminated"));
            }
        } else if (parked) {
            LockSupport.unpark(thread);
        }
    }

    /** Runs {@code action} on the dispatcher thread. @return completes with its result */
    <T> CompletableFuture<T> call(Supplier<T> action) {
        CompletableFuture<T> result = new CompletableFuture<>();
        submit((Runnable) () -> {
            try {
                result.complete(action.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** The completions of the current duty cycle. Dispatcher thread. */
    Completions completions() {
        return completions;
    }

    CompletableFuture<Void> terminated() {
        return terminated;
    }

    List<Long> pids() {
        return supervisor.pids();
    }

    long workersStarted() {
        return supervisor.workersStarted();
    }

    long workersLost() {
        return supervisor.workersLost();
    }

    long workersJoined() {
        return supervisor.workersJoined();
    }

    int sparesReady() {
        return supervisor.sparesReady();
    }

    /** Hands a worker that joined by hand to the dispatcher thread; once the pool is terminated, closes it. Any thread. */
    void join(WorkerConnector.Joining joining) {
        submit(joining);
    }

    // ------------------------------------------------------------------ duty cycle

    @Override
    public void run() {
        long lastHousekeeping = System.nanoTime();
        int idleCycles = 0;
        try {
            while (true) {
                int work = drainInbox();
                work += supervisor.poll();
                work += dealer.deal();
                completions.flush();
                long now = System.nanoTime();
                if (now - lastHousekeeping >= HOUSEKEEPING_NANOS || work == 0 && ++idleCycles % 64 == 0) {
                    lastHousekeeping = now;
                    if (housekeeping(now)) {
                        break;
                    }
                }
                if (work > 0) {
                    idleCycles = 0;
                    idle.reset();
                } else {
                    idle();
                }
            }
        } catch (Throwable t) {
            LOG.error("pool dispatcher failed; failing every task and stopping the workers", t);
            abandon(new PoolException("the pool's dispatcher failed: " + t, t));
        } finally {
            completions.flush();
            finish();
        }
    }

    /**
     * Waits one step of the back-off; once it parks, a submission unparks it. While answers or workers are expected
     * the parks are the back-off's (short after recent work); when nothing is expected it parks up to
     * {@link #IDLE_PARK_NANOS}, or {@link #HOUSEKEEPING_NANOS} while a warm spare is ready
     * ({@link Supervisor#watchingExits()}).
     */
    private void idle() {
        if (!idle.parksNext()) {
            idle.idle();
            return;
        }
        parked = true;
        if (inbox.isEmpty()) {
            boolean waiting = !pending.isEmpty() || supervisor.busy();
            if (waiting) {
                idle.idle();
            } else {
                // with a warm spare ready, wake for the periodic look that replaces a killed worker at once
                LockSupport.parkNanos(this, supervisor.watchingExits() ? HOUSEKEEPING_NANOS : IDLE_PARK_NANOS);
            }
        }
        parked = false;
    }

    private int drainInbox() {
        int n = 0;
        Object item;
        while ((item = inbox.poll()) != null) {
            n++;
            if (item instanceof Job job) {
                accept(job);
            } else if (item instanceof Job[] jobs) {
                for (Job job : jobs) {
                    accept(job);
                }
            } else if (item instanceof WorkerConnector.Joining joining) {
                supervisor.joining(joining);
            } else {
                ((Runnable) item).run();
            }
        }
        return n;
    }

    private void accept(Job job) {
        if (supervisor.stopping()) {
            job.sink.fail(job, new CancellationException("the pool was shut down with shutdownNow()"));
        } else if (!job.sink.isDone()) {
            pending.add(job);
        }
    }

    /** @return true when the pool is finished */
    private boolean housekeeping(long now) {
        supervisor.supervise(now);
        dealer.forgetFinishedMaps();
        return supervisor.drained();
    }

    // ------------------------------------------------------------------ shutdown

    /** Takes no more work; finishes what is queued and running, then closes the workers. Dispatcher thread. */
    void shutdown() {
        supervisor.drain();
    }

    /**
     * Fails queued and running tasks with {@link CancellationException} and terminates the workers.
     * Dispatcher thread.
     *
     * @return what was submitted but never started
     */
    List<Object> shutdownNow() {
        List<Object> never = new ArrayList<>();
        CancellationException cancelled = new CancellationException("the pool was shut down with shutdownNow()");
        while (!pending.isEmpty()) {
            Job job = pending.poll();
            if (job.original != null && !job.sink.isDone()) {
                never.add(job.original);
            }
            job.sink.fail(job, cancelled);
        }
        supervisor.stop(cancelled, false);
        return never;
    }

    private void abandon(PoolException error) {
        for (Job job : pending) {
            job.sink.fail(job, error);
        }
        pending.clear();
        Object item;
        while ((item = inbox.poll()) != null) {
            dispose(item, error);
        }
        supervisor.stop(error, true);
    }

    private void finish() {
        try {
            supervisor.closed().get(config.grace().toMillis() * 3 + 10_000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("workers still closing as the pool stops: {}", e.toString());
        }
        spawner.close();
        completions.flush();
        completions.unbatch();
        finished = true;
        // submissions that raced with the end; those after this pass are failed in submit()
        Object item;
        while ((item = inbox.poll()) != null) {
            dispose(item, new CancellationException("the pool is terminated"));
        }
        supervisor.clearPids();
        terminated.complete(null);
    }

    /**
     * Fails a submitted job or batch with {@code error}, closes a joined worker, or runs a submitted runnable (its
     * failure is logged).
     */
    private static void dispose(Object item, Throwable error) {
        if (item instanceof Job job) {
            job.sink.fail(job, error);
        } else if (item instanceof Job[] jobs) {
            for (Job job : jobs) {
                job.sink.fail(job, error);
            }
        } else if (item instanceof WorkerConnector.Joining joining) {
            joining.channel().close(Duration.ZERO);
        } else {
            try {
                ((Runnable) item).run();
            } catch (RuntimeException e) {
                LOG.warn("a pool action failed as the pool stopped", e);
            }
        }
    }
}
