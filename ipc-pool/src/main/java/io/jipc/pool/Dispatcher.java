package io.jipc.pool;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jipc.IpcException;
import io.jipc.MessageHandler;
import io.jipc.PeerGoneException;
import io.jipc.ProtocolException;

/**
 * The pool's one thread that owns all its state: a duty cycle that takes submitted jobs, deals them to workers in
 * batched messages (a window of jobs per worker, sized so each has about {@link #QUEUED_NANOS} of work queued),
 * reads their answers, notices deaths and timeouts, replaces workers, and shuts the pool down.
 * Other threads talk to it through {@link #submit(Object)} only.
 */
final class Dispatcher implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    /** Most jobs queued in one worker. */
    static final int MAX_WINDOW = 1024;
    /** A worker is given about this much work ahead (by the measured run time of jobs). */
    static final long QUEUED_NANOS = 2_000_000;
    /** A chunk's inputs are cut into jobs of about this many bytes. */
    static final int CHUNK_BYTES = 128 * 1024;
    private static final long HOUSEKEEPING_NANOS = 5_000_000;
    /** A worker whose own watchdog has not ended an overrunning task after this long is killed from here. */
    private static final long BACKSTOP_NANOS = 2_000_000_000L;
    /** Consecutive failed starts, with no worker running, after which waiting tasks fail. */
    private static final int START_FAILURES_TO_GIVE_UP = 3;

    private final PoolConfig config;
    private final Spawner spawner;
    private final ConcurrentLinkedQueue<Object> inbox = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<Job> pending = new ArrayDeque<>();
    private final List<WorkerSlot> workers = new ArrayList<>();
    private final List<CompletableFuture<Void>> closing = new ArrayList<>();
    private final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(64 * 1024);
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final Completions completions;
    private final AtomicLong workersStarted = new AtomicLong();
    private final AtomicLong workersLost = new AtomicLong();
    private volatile List<Long> pids = List.of();
    private volatile boolean parked;
    /** Set once the dispatcher thread made its last pass over the inbox: later submissions are failed by their submitter. */
    private volatile boolean finished;
    private Thread thread;

    private long lastAnswerNanos;
    private int starting;
    private int lingering;
    private double averageJobNanos;
    private long nextJobId = 1;
    private int rotation;
    private boolean shutdown;
    private boolean stopNow;
    private int startFailures;
    private Throwable lastStartFailure;
    private long nextStartAllowed;

    Dispatcher(PoolConfig config, Spawner spawner, List<WorkerSlot> initial, java.util.concurrent.Executor callbacks) {
        this.config = config;
        this.spawner = spawner;
        this.completions = new Completions(callbacks);
        for (WorkerSlot w : initial) {
            adopt(w);
        }
    }

    void start() {
        thread = new Thread(this, "jipc-pool-dispatcher");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Hands a {@link Job}, a {@code Job[]} or a {@link Runnable} (run on the dispatcher thread) over. Any thread.
     * Once the pool is terminated, a job fails with {@link CancellationException} and a runnable is dropped.
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
    <T> CompletableFuture<T> call(java.util.function.Supplier<T> action) {
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
        return pids;
    }

    long workersStarted() {
        return workersStarted.get();
    }

    long workersLost() {
        return workersLost.get();
    }

    // ------------------------------------------------------------------ duty cycle

    @Override
    public void run() {
        long lastHousekeeping = System.nanoTime();
        int idle = 0;
        long parkNanos = 1_000;
        try {
            while (true) {
                int work = drainInbox();
                int answers = pollWorkers();
                if (answers > 0) {
                    lastAnswerNanos = System.nanoTime();
                }
                work += answers;
                work += dispatch();
                completions.flush();
                long now = System.nanoTime();
                if (now - lastHousekeeping >= HOUSEKEEPING_NANOS || work == 0 && idle > 0 && idle % 64 == 0) {
                    lastHousekeeping = now;
                    if (housekeeping(now)) {
                        break;
                    }
                }
                if (work > 0) {
                    idle = 0;
                    parkNanos = 1_000;
                } else if (++idle < 110) {
                    Thread.yield();
                } else {
                    parked = true;
                    if (inbox.isEmpty()) {
                        boolean waiting = !pending.isEmpty() || lingering > 0 || starting > 0 || anyHeld();
                        LockSupport.parkNanos(this, waiting ? parkNanos : 50_000_000L);
                        long cap = System.nanoTime() - lastAnswerNanos < WorkerLoop.RECENT_NANOS
                            ? WorkerLoop.SHORT_PARK_NANOS : WorkerLoop.LONG_PARK_NANOS;
                        parkNanos = Math.min(parkNanos * 2, cap);
                    }
                    parked = false;
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
            } else {
                ((Runnable) item).run();
            }
        }
        return n;
    }

    private void accept(Job job) {
        if (stopNow) {
            job.sink.fail(job, new CancellationException("the pool was shut down with shutdownNow()"));
        } else if (!job.sink.isDone()) {
            pending.add(job);
        }
    }

    private int pollWorkers() {
        int n = 0;
        for (int i = 0; i < workers.size(); i++) {
            WorkerSlot w = workers.get(i);
            if (w.state == WorkerSlot.State.RUNNING || w.state == WorkerSlot.State.RETIRING) {
                try {
                    n += w.channel.poll(w.reader, 64);
                } catch (IpcException e) {
                    lost(w, e);
                }
            }
        }
        return n;
    }

    // ------------------------------------------------------------------ dealing jobs

    private int window() {
        if (averageJobNanos <= 0) {
            return 1;
        }
        return (int) Math.max(1, Math.min(MAX_WINDOW, QUEUED_NANOS / averageJobNanos));
    }

    private int credit(WorkerSlot w, int window) {
        if (w.state != WorkerSlot.State.RUNNING) {
            return 0;
        }
        int credit = window - w.held.size();
        if (config.maxTasksPerWorker() > 0) {
            credit = Math.min(credit, config.maxTasksPerWorker() - w.dispatched);
        }
        return credit;
    }

    private int dispatch() {
        int work = 0;
        for (WorkerSlot w : workers) {
            if (w.frameLength > 0 && flush(w)) {
                work++;
            }
        }
        if (pending.isEmpty()) {
            return work;
        }
        int window = window();
        int eligible = 0;
        for (WorkerSlot w : workers) {
            if (w.frameLength == 0 && credit(w, window) > 0) {
                eligible++;
            }
        }
        int size = workers.size();
        for (int k = 0; k < size && eligible > 0 && !pending.isEmpty(); k++) {
            WorkerSlot w = workers.get((rotation + k) % size);
            int credit = w.frameLength == 0 ? credit(w, window) : 0;
            if (credit <= 0) {
                continue;
            }
            int share = (pending.size() + eligible - 1) / eligible;
            eligible--;
            int take = Math.min(credit, share);
            int sent = 0;
            while (sent < take && !pending.isEmpty()) {
                Job job = pending.pollFirst();
                if (job.sink.isDone()) {
                    continue;
                }
                if (!append(w, job)) {
                    break;
                }
                sent++;
            }
            if (sent > 0) {
                work += sent;
                flush(w);
                if (config.maxTasksPerWorker() > 0 && w.dispatched >= config.maxTasksPerWorker()) {
                    w.state = WorkerSlot.State.RETIRING;
                    LOG.debug("{} reached its limit of {} tasks: retiring it", w, config.maxTasksPerWorker());
                    startWorker();
                }
            }
        }
        rotation++;
        return work;
    }

    /**
     * Encodes a job's record(s) and adds them to the worker's message.
     *
     * @return false when the message is full and could not be sent (the job is back at the head of the queue)
     */
    private boolean append(WorkerSlot w, Job job) {
        long id = nextJobId++;
        MapCall call = job.task == null ? (MapCall) job.sink : null;
        boolean define = call != null ? !w.known.containsKey(call.fn)
            : job.shape != null && !w.knownShapes.contains(job.shape.id);
        int length;
        try {
            length = encode(job, id, call, define);
        } catch (RuntimeException e) {
            job.sink.fail(job, e);
            return true;
        }
        if (length > w.maxMessage) {
            job.sink.fail(job, new PoolException("a task of " + length + " bytes exceeds the largest message of "
                + w.maxMessage + " bytes that " + w + " accepts (raise the transport's maxMessage)", null));
            return true;
        }
        if (w.frameLength > 0 && w.frameLength + length > w.frameLimit && !flush(w)) {
            pending.addFirst(job);
            return false;
        }
        w.frame.putBytes(w.frameLength, scratch, 0, length);
        w.frameLength += length;
        job.id = id;
        job.attempts++;
        if (w.held.isEmpty() && job.timeoutNanos > 0) {
            w.headSince = System.nanoTime();
        }
        w.held.add(job);
        w.dispatched++;
        if (define && call != null) {
            w.known.put(call.fn, call);
        } else if (define) {
            w.knownShapes.add(job.shape.id);
        }
        if (w.frameLength >= w.frameLimit) {
            flush(w);
        }
        return true;
    }

    /** Writes a job's records into {@link #scratch}. @return their length */
    private int encode(Job job, long id, MapCall call, boolean define) {
        int p = 0;
        if (job.shape != null) {
            if (define) {
                scratch.putByte(p, PoolProtocol.LAMBDA);
                scratch.putInt(p + 1, job.shape.id, PoolProtocol.ORDER);
                scratch.putInt(p + 5, job.shape.bytes.length, PoolProtocol.ORDER);
                scratch.putBytes(p + 9, job.shape.bytes);
                p += 9 + job.shape.bytes.length;
            }
            scratch.putByte(p, PoolProtocol.CALL_LAMBDA);
            scratch.putLong(p + 1, id, PoolProtocol.ORDER);
            scratch.putLong(p + 9, job.timeoutNanos, PoolProtocol.ORDER);
            scratch.putInt(p + 17, job.shape.id, PoolProtocol.ORDER);
            scratch.putInt(p + 21, job.task.length, PoolProtocol.ORDER);
            scratch.putBytes(p + PoolProtocol.CALL_LAMBDA_HEADER, job.task);
            return p + PoolProtocol.CALL_LAMBDA_HEADER + job.task.length;
        }
        if (call == null) {
            scratch.putByte(p, PoolProtocol.CALL);
            scratch.putLong(p + 1, id, PoolProtocol.ORDER);
            scratch.putLong(p + 9, job.timeoutNanos, PoolProtocol.ORDER);
            scratch.putInt(p + 17, job.task.length, PoolProtocol.ORDER);
            scratch.putBytes(p + PoolProtocol.CALL_HEADER, job.task);
            return PoolProtocol.CALL_HEADER + job.task.length;
        }
        if (define) {
            scratch.putByte(p, PoolProtocol.DEFINE);
            scratch.putInt(p + 1, call.fn, PoolProtocol.ORDER);
            scratch.putInt(p + 5, call.function.length, PoolProtocol.ORDER);
            scratch.putBytes(p + 9, call.function);
            p += 9 + call.function.length;
        }
        int total = job.count;
        scratch.putByte(p, PoolProtocol.APPLY);
        scratch.putLong(p + 1, id, PoolProtocol.ORDER);
        scratch.putLong(p + 9, job.timeoutNanos, PoolProtocol.ORDER);
        scratch.putInt(p + 17, call.fn, PoolProtocol.ORDER);
        int inputs = call.encodeInputs(job, scratch, p + PoolProtocol.APPLY_HEADER, CHUNK_BYTES);
        scratch.putInt(p + 21, job.count, PoolProtocol.ORDER);
        if (job.count < total) {
            pending.addFirst(new Job(job.sink, null, null, job.first + job.count, total - job.count,
                job.timeoutNanos, job.idempotent));
        }
        return p + PoolProtocol.APPLY_HEADER + inputs;
    }

    /** Offers the worker's message. @return true when it went (or there was none), false on back-pressure */
    private boolean flush(WorkerSlot w) {
        if (w.frameLength == 0) {
            return true;
        }
        try {
            if (!w.channel.offer(w.frame, 0, w.frameLength)) {
                return false;
            }
        } catch (IpcException e) {
            lost(w, e);
            return false;
        }
        w.frameLength = 0;
        return true;
    }

    // ------------------------------------------------------------------ answers

    /** Reads one worker's answers. */
    private final class Answers implements MessageHandler {
        private final WorkerSlot w;
        private final int[] position = new int[1];

        Answers(WorkerSlot w) {
            this.w = w;
        }

        @Override
        public void onMessage(DirectBuffer buffer, int offset, int length) {
            int p = offset;
            int end = offset + length;
            while (p < end) {
                byte type = buffer.getByte(p);
                long id = buffer.getLong(p + 1, PoolProtocol.ORDER);
                long runNanos = buffer.getLong(p + 9, PoolProtocol.ORDER);
                Job job = w.held.peekFirst();
                if (job == null || job.id != id || type != PoolProtocol.DONE && type != PoolProtocol.FAILED) {
                    throw new ProtocolException(w.channel.endpoint(), "unexpected answer (type " + type + ", job " + id
                        + ") from " + w + "; expected job " + (job == null ? "none" : job.id));
                }
                if (type == PoolProtocol.DONE) {
                    int count = buffer.getInt(p + 17, PoolProtocol.ORDER);
                    int values = p + PoolProtocol.DONE_HEADER;
                    int q = values;
                    for (int k = 0; k < count; k++) {
                        q += 4 + buffer.getInt(q, PoolProtocol.ORDER);
                    }
                    job.sink.succeed(job, buffer, values, count);
                    job.received += count;
                    p = q;
                    if (job.received < job.count) {
                        continue;
                    }
                } else {
                    int p0 = p;
                    position[0] = p + PoolProtocol.FAILED_HEADER;
                    RemoteTaskException error = RemoteErrors.decode(buffer, position, w.pid);
                    p = position[0];
                    if (job.task == null) {
                        error.atInput(job.first + buffer.getInt(p0 + 17, PoolProtocol.ORDER));
                    }
                    job.sink.fail(job, error);
                }
                w.held.pollFirst();
                Job next = w.held.peekFirst();
                if (next != null && next.timeoutNanos > 0) {
                    w.headSince = System.nanoTime();
                }
                averageJobNanos = averageJobNanos <= 0 ? Math.max(1, runNanos)
                    : averageJobNanos * 0.9 + runNanos * 0.1;
            }
        }
    }

    // ------------------------------------------------------------------ workers

    private void adopt(WorkerSlot w) {
        w.reader = new Answers(w);
        workers.add(w);
        workersStarted.incrementAndGet();
        publishPids();
    }

    private void startWorker() {
        starting++;
        spawner.startAsync().whenComplete((w, error) -> submit((Runnable) () -> started(w, error)));
    }

    private void started(WorkerSlot w, Throwable error) {
        starting--;
        if (error != null) {
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
            startFailures++;
            lastStartFailure = cause;
            nextStartAllowed = System.nanoTime() + Math.min(5_000L, 100L << Math.min(startFailures, 6)) * 1_000_000L;
            LOG.warn("a replacement worker could not start ({} in a row): {}", startFailures, cause.toString());
            return;
        }
        startFailures = 0;
        if (shutdown && pending.isEmpty() || stopNow) {
            closing.add(spawner.closeAsync(w));
            return;
        }
        adopt(w);
    }

    /** The worker's channel broke: it died, or broke the protocol. Its jobs are settled once its exit code is known. */
    private void lost(WorkerSlot w, IpcException cause) {
        if (w.state == WorkerSlot.State.DEAD || w.state == WorkerSlot.State.CLOSED) {
            return;
        }
        boolean wasRetiring = w.state == WorkerSlot.State.RETIRING;
        w.state = WorkerSlot.State.DEAD;
        workersLost.incrementAndGet();
        lingering++;
        if (!(cause instanceof PeerGoneException)) {
            LOG.warn("{} broke the pool protocol: killing it", w, cause);
            w.process.kill();
        } else {
            LOG.debug("{} is gone: {}", w, cause.getMessage());
        }
        w.channel.close(Duration.ZERO); // answers its end-of-stream at once: a closing worker need not linger
        if (!wasRetiring && !shutdown) {
            startWorker();
        }
        w.process.onExit().completeOnTimeout(null, 3, TimeUnit.SECONDS)
            .whenComplete((p, e) -> submit((Runnable) () -> settle(w)));
    }

    /** Fails or re-queues the jobs a dead worker held, once its exit code is known. */
    private void settle(WorkerSlot w) {
        lingering--;
        if (w.process.isAlive()) {
            w.process.kill();
        }
        int code = w.process.exitCode().orElse(-1);
        boolean timedOut = code == PoolProtocol.EXIT_TASK_TIMEOUT || w.timedOut;
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
            if (stopNow) {
                job.sink.fail(job, new CancellationException("the pool was shut down with shutdownNow()"));
            } else if (timedOut && first) {
                Duration limit = Duration.ofNanos(job.timeoutNanos);
                job.sink.fail(job, new TaskTimeoutException(limit, "the task ran longer than its timeout of " + limit
                    + "; worker " + w.pid + " was stopped (exit code " + code + ") and replaced"));
            } else if (timedOut && code == PoolProtocol.EXIT_TASK_TIMEOUT) {
                job.attempts--;
                again.add(job); // the worker stopped in the task before it: this one never started
            } else if (job.idempotent && job.attempts < 2) {
                again.add(job);
            } else {
                job.sink.fail(job, new WorkerDiedException(w.pid, code, "worker " + w.pid + " died (exit code " + code
                    + ") while holding this task" + (job.idempotent ? ", already retried once" : "")
                    + "; it was replaced"));
            }
        }
        w.held.clear();
        while (!again.isEmpty()) {
            pending.addFirst(again.pollLast());
        }
        retire(w);
    }

    private void retire(WorkerSlot w) {
        w.state = WorkerSlot.State.CLOSED;
        workers.remove(w);
        closing.add(spawner.closeAsync(w));
        publishPids();
    }

    private void publishPids() {
        List<Long> list = new ArrayList<>();
        for (WorkerSlot w : workers) {
            if (w.state == WorkerSlot.State.RUNNING || w.state == WorkerSlot.State.RETIRING) {
                list.add(w.pid);
            }
        }
        pids = List.copyOf(list);
    }

    private boolean anyHeld() {
        for (WorkerSlot w : workers) {
            if (!w.held.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ housekeeping

    /** @return true when the pool is finished */
    private boolean housekeeping(long now) {
        for (int i = workers.size() - 1; i >= 0; i--) {
            WorkerSlot w = workers.get(i);
            if (w.state == WorkerSlot.State.RETIRING && w.held.isEmpty() && w.frameLength == 0) {
                retire(w);
            } else if (w.state == WorkerSlot.State.RUNNING || w.state == WorkerSlot.State.RETIRING) {
                Job head = w.held.peekFirst();
                if (head != null && head.timeoutNanos > 0 && now - w.headSince > head.timeoutNanos + BACKSTOP_NANOS
                        && !w.timedOut) {
                    LOG.warn("{} did not stop itself after its task overran {} ms: killing it", w,
                        TimeUnit.NANOSECONDS.toMillis(head.timeoutNanos));
                    w.timedOut = true;
                    w.process.kill();
                }
                forgetFinishedMaps(w);
            }
        }
        if (!shutdown || !pending.isEmpty()) {
            replaceMissingWorkers(now);
        }
        if (startFailures >= START_FAILURES_TO_GIVE_UP && starting == 0 && running() == 0 && !pending.isEmpty()) {
            WorkerStartException error = new WorkerStartException("no worker could start (" + startFailures
                + " attempts in a row); the pool keeps trying when new tasks come", lastStartFailure);
            while (!pending.isEmpty()) {
                Job job = pending.poll();
                job.sink.fail(job, error);
            }
        }
        if (shutdown && pending.isEmpty() && !anyHeld() && lingering == 0) {
            for (int i = workers.size() - 1; i >= 0; i--) {
                retire(workers.get(i));
            }
            return workers.isEmpty() && starting == 0;
        }
        return false;
    }

    private int running() {
        int n = 0;
        for (WorkerSlot w : workers) {
            if (w.state == WorkerSlot.State.RUNNING) {
                n++;
            }
        }
        return n;
    }

    private void replaceMissingWorkers(long now) {
        if (stopNow || now - nextStartAllowed < 0 || startFailures > 0 && pending.isEmpty()) {
            return;
        }
        int missing = config.workers() - running() - starting;
        for (int i = 0; i < missing; i++) {
            startWorker();
        }
    }

    private void forgetFinishedMaps(WorkerSlot w) {
        if (w.known.isEmpty()) {
            return;
        }
        Iterator<Map.Entry<Integer, MapCall>> it = w.known.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Integer, MapCall> e = it.next();
            if (e.getValue().isDone()) {
                it.remove();
                w.frame.putByte(w.frameLength, PoolProtocol.FORGET);
                w.frame.putInt(w.frameLength + 1, e.getKey(), PoolProtocol.ORDER);
                w.frameLength += 5;
            }
        }
        flush(w);
    }

    // ------------------------------------------------------------------ shutdown

    /** Takes no more work; finishes what is queued and running, then closes the workers. Dispatcher thread. */
    void shutdown() {
        shutdown = true;
    }

    /**
     * Fails queued and running tasks with {@link CancellationException} and terminates the workers.
     * Dispatcher thread.
     *
     * @return what was submitted but never started
     */
    List<Object> shutdownNow() {
        shutdown = true;
        stopNow = true;
        List<Object> never = new ArrayList<>();
        CancellationException cancelled = new CancellationException("the pool was shut down with shutdownNow()");
        while (!pending.isEmpty()) {
            Job job = pending.poll();
            if (job.original != null && !job.sink.isDone()) {
                never.add(job.original);
            }
            job.sink.fail(job, cancelled);
        }
        for (WorkerSlot w : new ArrayList<>(workers)) {
            for (Job job : w.held) {
                job.sink.fail(job, cancelled);
            }
            w.held.clear();
            if (w.state != WorkerSlot.State.DEAD) {
                w.process.terminate();
                retire(w);
            }
        }
        return never;
    }

    private void abandon(PoolException error) {
        shutdown = true;
        stopNow = true;
        for (Job job : pending) {
            job.sink.fail(job, error);
        }
        pending.clear();
        Object item;
        while ((item = inbox.poll()) != null) {
            dispose(item, error);
        }
        for (WorkerSlot w : new ArrayList<>(workers)) {
            for (Job job : w.held) {
                job.sink.fail(job, error);
            }
            w.held.clear();
            w.process.kill();
            retire(w);
        }
    }

    private void finish() {
        try {
            CompletableFuture.allOf(closing.toArray(new CompletableFuture<?>[0]))
                .get(config.grace().toMillis() * 3 + 10_000, TimeUnit.MILLISECONDS);
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
        pids = List.of();
        terminated.complete(null);
    }

    /** Fails a submitted job or batch with {@code error}, or runs a submitted runnable (its failure is logged). */
    private static void dispose(Object item, Throwable error) {
        if (item instanceof Job job) {
            job.sink.fail(job, error);
        } else if (item instanceof Job[] jobs) {
            for (Job job : jobs) {
                job.sink.fail(job, error);
            }
        } else {
            try {
                ((Runnable) item).run();
            } catch (RuntimeException e) {
                LOG.warn("a pool action failed as the pool stopped", e);
            }
        }
    }
}
