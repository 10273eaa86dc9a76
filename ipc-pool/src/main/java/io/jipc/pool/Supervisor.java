package io.jipc.pool;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jipc.IpcException;
import io.jipc.PeerGoneException;
import io.jipc.PeerUnresponsiveException;
import io.jipc.internal.jfr.Jfr;

/**
 * The pool's workers and their lives: started (and replaced, with back-off after failures), or joined by hand (never
 * restarted), adopted, retired after their task limit, lost when their channel breaks or their process exits, then
 * settled once their exit code is known (the jobs they held fail, are re-queued, or time out), and killed when their
 * own watchdog fails to stop an overrunning task. A warm spare ({@link Spares}) takes a lost or retired worker's place
 * at once. Dispatcher thread only, apart from the counters and the pid snapshot.
 */
final class Supervisor {

    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

    /** A worker whose own watchdog has not ended an overrunning task after this long is killed from here. */
    private static final long BACKSTOP_NANOS = 2_000_000_000L;
    /** Consecutive failed starts, with no worker running, after which waiting tasks fail. */
    private static final int START_FAILURES_TO_GIVE_UP = 3;
    /** How long a lost worker may take to exit before its jobs are settled without its exit code. */
    private static final long EXIT_WAIT_SECONDS = 3;

    private final PoolConfig config;
    private final Spawner spawner;
    private final Executor dispatcherThread;
    private final ArrayDeque<Job> pending;
    private final Window window;
    private final List<WorkerSlot> workers = new ArrayList<>();
    private final List<CompletableFuture<Void>> closing = new ArrayList<>();
    private final AtomicLong workersStarted = new AtomicLong();
    private final AtomicLong workersLost = new AtomicLong();
    private final AtomicLong workersJoined = new AtomicLong();
    private volatile List<Long> pids = List.of();
    private final Spares spares;
    private int starting;
    private int lingering;
    private int startFailures;
    private Throwable lastStartFailure;
    private long nextStartAllowed;
    /** Takes no new work: finishes what is queued, then closes every worker. */
    private boolean draining;
    /** Everything queued or running fails; workers are stopped. */
    private boolean stopping;

    /**
     * @param dispatcherThread runs an action on the dispatcher thread (for what completes elsewhere)
     * @param pending          the jobs waiting for a worker, shared with the {@link Dealer}
     */
    Supervisor(PoolConfig config, Spawner spawner, Executor dispatcherThread, ArrayDeque<Job> pending, Window window) {
        this.config = config;
        this.spawner = spawner;
        this.dispatcherThread = dispatcherThread;
        this.pending = pending;
        this.window = window;
        this.spares = new Spares(config.spares(), spawner, dispatcherThread, closing);
    }

    List<WorkerSlot> workers() {
        return workers;
    }

    List<Long> pids() {
        return pids;
    }

    long workersStarted() {
        return workersStarted.get();
    }

    long workersLost() {
        return workersLost.get();
    }

    long workersJoined() {
        return workersJoined.get();
    }

    int sparesReady() {
        return spares.ready();
    }

    /** Takes no new work from now on; what is queued still runs. */
    void drain() {
        draining = true;
    }

    boolean draining() {
        return draining;
    }

    boolean stopping() {
        return stopping;
    }

    /** @return true while something may complete without a submission: a worker starting, lost, or holding jobs */
    boolean busy() {
        return starting > 0 || lingering > 0 || anyHeld();
    }

    /** Reads every live worker's answers. @return how many messages were read */
    int poll() {
        int n = 0;
        for (int i = 0; i < workers.size(); i++) {
            WorkerSlot w = workers.get(i);
            if (w.isLive()) {
                try {
                    n += w.channel.poll(w.answers, 64);
                } catch (IpcException e) {
                    lost(w, e);
                }
            }
        }
        return n;
    }

    /** Takes a ready worker the pool started into the pool. */
    void adopt(WorkerSlot w) {
        workersStarted.incrementAndGet();
        add(w);
    }

    private void add(WorkerSlot w) {
        w.answers = new Answers(w, window);
        workers.add(w);
        publishPids();
        if (w.process != null) { // a death is noticed at once, not at the next poll of an idle pool
            w.exitProbe = ExitProbe.of(w.pid);
            w.process.onExit().whenComplete((code, error) -> dispatcherThread.execute(() -> exited(w, null)));
        }
    }

    /**
     * A worker's process exited, or began to: what it sent before is read, then it is lost (unless it was closed on
     * purpose).
     *
     * @param why why it is gone, or null when its exit was reported
     */
    private void exited(WorkerSlot w, IpcException why) {
        if (!w.isLive()) {
            return;
        }
        try {
            while (w.channel.poll(w.answers, 64) > 0) {
                // the answers it sent before it died are settled first
            }
        } catch (IpcException e) {
            lost(w, e);
            return;
        }
        lost(w, why);
    }

    /**
     * Replaces the workers whose process began to die ({@link ExitProbe}: killed, or exiting) without waiting for the
     * kernel to free their memory, which comes before their pipes close and their exit is reported: a warm spare then
     * takes a killed worker's place in a few milliseconds. What a dying worker held is settled once its exit code is
     * known, as for any death ({@link #lost}).
     */
    private void watchExits() {
        for (int i = 0, n = workers.size(); i < n; i++) {
            WorkerSlot w = workers.get(i);
            if (w.isLive() && w.exitProbe != null && w.exitProbe.exiting()) {
                exited(w, new PeerGoneException(w.channel.endpoint(), "its process is exiting (killed, or it exited)"));
            }
        }
    }

    /** @return true while a warm spare is ready: a death is then looked for every few milliseconds, even when idle */
    boolean watchingExits() {
        return spares.ready() > 0;
    }

    /** A worker started by hand connected and said HELLO: it is initialized, then takes jobs like the others. */
    void joining(WorkerConnector.Joining joining) {
        if (draining) {
            joining.channel().close(Duration.ZERO);
            return;
        }
        spawner.admitAsync(joining).whenComplete((w, error) -> dispatcherThread.execute(() -> joined(w, error)));
    }

    private void joined(WorkerSlot w, Throwable error) {
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            LOG.warn("a worker that joined could not start: {}", cause.getMessage(), cause.getCause());
            return;
        }
        if (draining && pending.isEmpty() || stopping) {
            closing.add(spawner.closeAsync(w));
            return;
        }
        LOG.info("{} joined the pool", w);
        workersJoined.incrementAndGet();
        add(w);
    }

    private void startWorker() {
        WorkerSlot spare = spares.take();
        if (spare != null) {
            adopt(spare);
            return;
        }
        starting++;
        spawner.startAsync().whenComplete((w, error) -> dispatcherThread.execute(() -> started(w, error)));
    }

    private void started(WorkerSlot w, Throwable error) {
        starting--;
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (draining && pending.isEmpty() || stopping) {
                LOG.debug("a worker starting as the pool ended did not start: {}", cause.toString());
                return;
            }
            if (cause instanceof KilledWhileStartingException) {
                LOG.warn("{}; starting another", cause.getMessage());
                return; // killed from outside, not failing to start: no back-off, and it never fails waiting tasks
            }
            startFailures++;
            lastStartFailure = cause;
            nextStartAllowed = System.nanoTime() + Math.min(5_000L, 100L << Math.min(startFailures, 6)) * 1_000_000L;
            LOG.warn("a replacement worker could not start ({} in a row): {}", startFailures, cause.toString());
            return;
        }
        startFailures = 0;
        if (draining && pending.isEmpty() || stopping) {
            closing.add(spawner.closeAsync(w));
            return;
        }
        adopt(w);
        Jfr.workerReplaced(config.transport(), w.pid);
    }

    /** {@code w} reached its task limit: it finishes what it holds, then is closed; its replacement starts now. */
    void retiring(WorkerSlot w) {
        w.state = WorkerSlot.State.RETIRING;
        LOG.debug("{} reached its limit of {} tasks: retiring it", w, config.maxTasksPerWorker());
        startWorker();
    }

    /** The worker's channel broke: it died, or broke the protocol. Its jobs are settled once its exit code is known. */
    /** What a JVM started with {@code -XX:+ExitOnOutOfMemoryError} exits with when it runs out of memory. */
    static final int EXIT_OUT_OF_MEMORY = 3;

    void lost(WorkerSlot w, IpcException cause) {
        if (w.state == WorkerSlot.State.DEAD || w.state == WorkerSlot.State.CLOSED) {
            return;
        }
        boolean wasRetiring = w.state == WorkerSlot.State.RETIRING;
        w.state = WorkerSlot.State.DEAD;
        w.lostNanos = System.nanoTime();
        workersLost.incrementAndGet();
        Jfr.workerLost(w.channel.endpoint(), w.pid, cause == null ? "stopped by the pool" : cause.getMessage());
        lingering++;
        if (cause instanceof PeerUnresponsiveException) {
            LOG.warn("{} {}: killing and replacing it", w, cause.getMessage());
            w.unresponsive = true;
            w.kill();
        } else if (cause != null && !(cause instanceof PeerGoneException)) {
            LOG.warn("{} broke the pool protocol: {}", w, w.joined() ? "closing its channel" : "killing it", cause);
            w.kill();
        } else if (cause != null) {
            LOG.debug("{} is gone: {}", w, cause.getMessage());
        }
        if (!wasRetiring && !draining && !w.joined()) {
            startWorker(); // a warm spare takes its place before anything else
        }
        if (w.exitProbe == null || !w.exitProbe.exiting()) {
            // answers its end-of-stream at once: a closing worker need not linger. A dying one is beyond answering (and
            // its pipe, still open while the kernel frees its memory, would only say so): its channel closes at retire
            w.channel.close(Duration.ZERO);
        }
        w.onExit().completeOnTimeout(null, EXIT_WAIT_SECONDS, TimeUnit.SECONDS)
            .whenComplete((p, e) -> dispatcherThread.execute(() -> settle(w)));
    }

    /**
     * Fails or re-queues the jobs a dead worker held, once its exit code is known. A joined worker's exit code is
     * not: when its channel broke after the oldest job it held had run past its timeout, its own watchdog stopped it.
     */
    private void settle(WorkerSlot w) {
        lingering--;
        if (w.process != null && w.process.isAlive()) {
            w.process.kill();
        }
        int code = w.exitCode();
        Job oldest = w.held.peekFirst();
        boolean stoppedItself = code == PoolProtocol.EXIT_TASK_TIMEOUT || w.joined() && oldest != null
            && oldest.timeoutNanos > 0 && w.lostNanos - w.headSince >= oldest.timeoutNanos;
        boolean timedOut = stoppedItself || w.timedOut;
        String stopped = w.joined() ? "its channel closed" : "exit code " + code + (code == EXIT_OUT_OF_MEMORY
            ? ": it ran out of memory" : code == 137 ? ": killed" : "");
        ArrayDeque<Job> again = new ArrayDeque<>();
        boolean head = true;
        for (Job job : w.held) {
            boolean first = head;
            head = false;
            if (job.sink.isDone()) {
                continue;
            }
            job.first += job.received;
            job.count -= job.received;
            job.received = 0;
            if (stopping) {
                job.sink.fail(job, new CancellationException("the pool was shut down with shutdownNow()"));
            } else if (timedOut && first) {
                Duration limit = Duration.ofNanos(job.timeoutNanos);
                job.sink.fail(job, new TaskTimeoutException(limit, "the task ran longer than its timeout of " + limit
                    + "; " + w + " was stopped (" + stopped + ")" + (w.joined() ? "" : " and replaced")));
            } else if (stoppedItself) {
                job.attempts--;
                again.add(job); // the worker stopped in the task before it: this one never started
            } else if (job.idempotent && job.attempts < 2) {
                again.add(job);
            } else if (w.unresponsive) {
                job.sink.fail(job, new WorkerUnresponsiveException(w.pid, code, w + " stayed alive but stopped responding"
                    + " while holding this task; it was killed" + (w.joined() ? "" : " and replaced")
                    + (job.idempotent ? ", the task already retried once" : "")));
            } else {
                job.sink.fail(job, new WorkerDiedException(w.pid, code, w + (w.joined() ? " went away" : " died") + " ("
                    + stopped + ") while holding this task" + (job.idempotent ? ", already retried once" : "")
                    + (w.joined() ? "; the pool does not restart workers it did not start" : "; it was replaced")));
            }
        }
        w.held.clear();
        w.heldTasks = 0;
        while (!again.isEmpty()) {
            pending.addFirst(again.pollLast());
        }
        retire(w);
    }

    private void retire(WorkerSlot w) {
        w.state = WorkerSlot.State.CLOSED;
        if (w.exitProbe != null) {
            w.exitProbe.close();
        }
        workers.remove(w);
        closing.add(spawner.closeAsync(w));
        publishPids();
    }

    /**
     * The periodic look at every worker: closes retired workers that are done, kills those whose watchdog failed to
     * stop an overrunning task, starts the missing ones, and fails the waiting jobs when no worker can start.
     */
    void supervise(long now) {
        watchExits();
        for (int i = workers.size() - 1; i >= 0; i--) {
            WorkerSlot w = workers.get(i);
            if (w.state == WorkerSlot.State.RETIRING && w.held.isEmpty() && w.frameLength == 0) {
                retire(w);
            } else if (w.isLive()) {
                Job head = w.held.peekFirst();
                if (head != null && head.timeoutNanos > 0 && now - w.headSince > head.timeoutNanos + BACKSTOP_NANOS
                        && !w.timedOut) {
                    LOG.warn("{} did not stop itself after its task overran {} ms: {}", w,
                        TimeUnit.NANOSECONDS.toMillis(head.timeoutNanos), w.joined() ? "closing its channel" : "killing it");
                    w.timedOut = true;
                    if (w.joined()) {
                        lost(w, null);
                    } else {
                        w.process.kill();
                    }
                }
            }
        }
        if (!draining || !pending.isEmpty()) {
            replaceMissing(now);
        }
        spares.keep(now, !draining && !stopping && startFailures == 0);
        if (startFailures >= START_FAILURES_TO_GIVE_UP && starting == 0 && running(true) == 0 && !pending.isEmpty()) {
            WorkerStartException error = new WorkerStartException("no worker could start (" + startFailures
                + " attempts in a row); the pool keeps trying when new tasks come", lastStartFailure);
            while (!pending.isEmpty()) {
                Job job = pending.poll();
                job.sink.fail(job, error);
            }
        }
    }

    /** @return true once a draining pool has run everything and closed every worker and spare */
    boolean drained() {
        if (draining && pending.isEmpty() && !anyHeld() && lingering == 0) {
            for (int i = workers.size() - 1; i >= 0; i--) {
                retire(workers.get(i));
            }
            spares.close(false);
            if (starting > 0 || spares.starting() > 0) {
                spawner.abandonStarts(); // nothing is left for them to do: their starts end now
            }
            return workers.isEmpty() && starting == 0 && spares.starting() == 0;
        }
        return false;
    }

    /**
     * Fails what every worker holds with {@code error} and stops the workers: terminated (SIGTERM, then SIGKILL after
     * the grace period), or killed at once.
     */
    void stop(Throwable error, boolean kill) {
        draining = true;
        stopping = true;
        for (WorkerSlot w : new ArrayList<>(workers)) {
            for (Job job : w.held) {
                job.sink.fail(job, error);
            }
            w.held.clear();
            w.heldTasks = 0;
            if (kill) {
                w.kill();
                retire(w);
            } else if (w.state != WorkerSlot.State.DEAD) {
                w.terminate();
                retire(w);
            }
        }
        spares.close(kill);
    }

    /** @return completes when every worker closed so far is gone */
    CompletableFuture<Void> closed() {
        return CompletableFuture.allOf(closing.toArray(new CompletableFuture<?>[0]));
    }

    void clearPids() {
        pids = List.of();
    }

    /** @return how many of the pool's own workers take jobs, and those that joined too when {@code joined} */
    private int running(boolean joined) {
        int n = 0;
        for (WorkerSlot w : workers) {
            if (w.state == WorkerSlot.State.RUNNING && (joined || !w.joined())) {
                n++;
            }
        }
        return n;
    }

    private boolean anyHeld() {
        for (WorkerSlot w : workers) {
            if (!w.held.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private void replaceMissing(long now) {
        if (stopping || now - nextStartAllowed < 0 || startFailures > 0 && pending.isEmpty()) {
            return;
        }
        int missing = config.workers() - running(false) - starting;
        for (int i = 0; i < missing; i++) {
            startWorker();
        }
    }

    private void publishPids() {
        List<Long> list = new ArrayList<>();
        for (WorkerSlot w : workers) {
            if (w.isLive()) {
                list.add(w.pid);
            }
        }
        pids = List.copyOf(list);
    }
}
