package io.jipc.pool;

import static io.jipc.pool.PoolProtocol.APPLY;
import static io.jipc.pool.PoolProtocol.APPLY_COUNT_OFFSET;
import static io.jipc.pool.PoolProtocol.APPLY_EACH;
import static io.jipc.pool.PoolProtocol.APPLY_FN_OFFSET;
import static io.jipc.pool.PoolProtocol.APPLY_HEADER;
import static io.jipc.pool.PoolProtocol.CALL;
import static io.jipc.pool.PoolProtocol.CALL_HEADER;
import static io.jipc.pool.PoolProtocol.CALL_LAMBDA;
import static io.jipc.pool.PoolProtocol.CALL_LAMBDA_HEADER;
import static io.jipc.pool.PoolProtocol.CALL_LAMBDA_LENGTH_OFFSET;
import static io.jipc.pool.PoolProtocol.CALL_LAMBDA_SHAPE_OFFSET;
import static io.jipc.pool.PoolProtocol.CALL_LENGTH_OFFSET;
import static io.jipc.pool.PoolProtocol.DEFINE;
import static io.jipc.pool.PoolProtocol.DEFINITION_HEADER;
import static io.jipc.pool.PoolProtocol.DEFINITION_ID_OFFSET;
import static io.jipc.pool.PoolProtocol.DEFINITION_LENGTH_OFFSET;
import static io.jipc.pool.PoolProtocol.FORGET;
import static io.jipc.pool.PoolProtocol.FORGET_LENGTH;
import static io.jipc.pool.PoolProtocol.JOB_OFFSET;
import static io.jipc.pool.PoolProtocol.LAMBDA;
import static io.jipc.pool.PoolProtocol.ORDER;
import static io.jipc.pool.PoolProtocol.TIMEOUT_OFFSET;
import static io.jipc.pool.PoolProtocol.TYPE_OFFSET;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

import io.jipc.IpcException;
import io.jipc.internal.jfr.Jfr;

/**
 * Deals the waiting jobs to the workers: each worker with credit (its {@link Window} less the tasks it holds, and what
 * is left of its task limit) gets a fair share, starting with a different worker each cycle; all the jobs a worker
 * gets in one cycle travel in one message, cut at {@link WorkerSlot#FRAME_BYTES}. A run of inputs that are each a task
 * ({@link Job#each}) is cut to the worker's share and travels as one record: tiny tasks cost a few bytes each. A map's function, and a lambda's shape,
 * go to a worker once, before the first job that needs them. Dispatcher thread only.
 */
final class Dealer {

    /** A chunk's inputs are cut into jobs of about this many bytes. */
    static final int CHUNK_BYTES = 128 * 1024;

    private final PoolConfig config;
    private final Supervisor supervisor;
    private final ArrayDeque<Job> pending;
    private final Window window;
    private final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(64 * 1024);
    private long nextJobId = 1;
    private int rotation;

    Dealer(PoolConfig config, Supervisor supervisor, ArrayDeque<Job> pending, Window window) {
        this.config = config;
        this.supervisor = supervisor;
        this.pending = pending;
        this.window = window;
    }

    /** Sends what is waiting for each worker, then deals the waiting jobs. @return how many messages and jobs went */
    int deal() {
        List<WorkerSlot> workers = supervisor.workers();
        int work = 0;
        for (WorkerSlot w : workers) {
            if (w.frameLength > 0 && flush(w)) {
                work++;
            }
        }
        if (pending.isEmpty()) {
            return work;
        }
        int window = this.window.size();
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
            int share = (pendingTasks() + eligible - 1) / eligible;
            eligible--;
            int sent = deal(w, Math.min(credit, share));
            if (sent > 0) {
                work += sent;
                flush(w);
                if (config.maxTasksPerWorker() > 0 && !w.joined() && w.dispatched >= config.maxTasksPerWorker()) {
                    supervisor.retiring(w);
                }
            }
        }
        rotation++;
        return work;
    }

    private int credit(WorkerSlot w, int window) {
        if (w.state != WorkerSlot.State.RUNNING) {
            return 0;
        }
        int credit = window - w.heldTasks;
        if (config.maxTasksPerWorker() > 0 && !w.joined()) { // the pool cannot replace a worker that joined
            credit = Math.min(credit, config.maxTasksPerWorker() - w.dispatched);
        }
        return credit;
    }

    /** @return about how many tasks wait: a run of inputs at the head counts for each of its inputs */
    private int pendingTasks() {
        Job head = pending.peekFirst();
        return head == null ? 0 : pending.size() - 1 + head.tasks();
    }

    /** Gives {@code w} up to {@code take} waiting tasks. @return how many it got */
    private int deal(WorkerSlot w, int take) {
        int sent = 0;
        while (sent < take && !pending.isEmpty()) {
            Job job = pending.pollFirst();
            if (job.sink.isDone()) {
                continue;
            }
            if (job.each && job.count > take - sent) {
                pending.addFirst(job.cut(take - sent));
            }
            if (!append(w, job)) {
                break;
            }
            sent += job.tasks();
        }
        return sent;
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
        job.sentAt = Jfr.poolClock();
        if (w.held.isEmpty() && job.timeoutNanos > 0) {
            w.headSince = System.nanoTime();
        }
        w.held.add(job);
        w.heldTasks += job.tasks();
        w.dispatched += job.tasks();
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

    /** Writes a job's records into {@link #scratch}: its definition first when the worker lacks it. @return their length */
    private int encode(Job job, long id, MapCall call, boolean define) {
        int p = 0;
        if (job.shape != null) {
            if (define) {
                p = definition(p, LAMBDA, job.shape.id, job.shape.bytes);
            }
            jobHeader(p, CALL_LAMBDA, id, job.timeoutNanos);
            scratch.putInt(p + CALL_LAMBDA_SHAPE_OFFSET, job.shape.id, ORDER);
            scratch.putInt(p + CALL_LAMBDA_LENGTH_OFFSET, job.task.length, ORDER);
            scratch.putBytes(p + CALL_LAMBDA_HEADER, job.task);
            return p + CALL_LAMBDA_HEADER + job.task.length;
        }
        if (call == null) {
            jobHeader(p, CALL, id, job.timeoutNanos);
            scratch.putInt(p + CALL_LENGTH_OFFSET, job.task.length, ORDER);
            scratch.putBytes(p + CALL_HEADER, job.task);
            return p + CALL_HEADER + job.task.length;
        }
        if (define) {
            p = definition(p, DEFINE, call.fn, call.function);
        }
        int total = job.count;
        jobHeader(p, job.each ? APPLY_EACH : APPLY, id, job.timeoutNanos);
        scratch.putInt(p + APPLY_FN_OFFSET, call.fn, ORDER);
        int inputs = call.encodeInputs(job, scratch, p + APPLY_HEADER, CHUNK_BYTES);
        int count = job.count;
        scratch.putInt(p + APPLY_COUNT_OFFSET, count, ORDER);
        if (count < total) {
            job.count = total;
            pending.addFirst(job.cut(count));
        }
        return p + APPLY_HEADER + inputs;
    }

    private void jobHeader(int p, byte type, long id, long timeoutNanos) {
        scratch.putByte(p + TYPE_OFFSET, type);
        scratch.putLong(p + JOB_OFFSET, id, ORDER);
        scratch.putLong(p + TIMEOUT_OFFSET, timeoutNanos, ORDER);
    }

    /** Writes a DEFINE or LAMBDA record at {@code p}. @return where the next record starts */
    private int definition(int p, byte type, int id, byte[] bytes) {
        scratch.putByte(p + TYPE_OFFSET, type);
        scratch.putInt(p + DEFINITION_ID_OFFSET, id, ORDER);
        scratch.putInt(p + DEFINITION_LENGTH_OFFSET, bytes.length, ORDER);
        scratch.putBytes(p + DEFINITION_HEADER, bytes);
        return p + DEFINITION_HEADER + bytes.length;
    }

    /** Offers the worker's message. @return true when it went (or there was none), false on back-pressure */
    boolean flush(WorkerSlot w) {
        if (w.frameLength == 0) {
            return true;
        }
        try {
            if (!w.channel.offer(w.frame, 0, w.frameLength)) {
                return false;
            }
        } catch (IpcException e) {
            supervisor.lost(w, e);
            return false;
        }
        w.frameLength = 0;
        return true;
    }

    /** Tells every live worker to forget the functions of maps that are over. */
    void forgetFinishedMaps() {
        for (WorkerSlot w : supervisor.workers()) {
            if (w.isLive() && !w.known.isEmpty()) {
                forgetFinishedMaps(w);
            }
        }
    }

    private void forgetFinishedMaps(WorkerSlot w) {
        MutableDirectBuffer frame = w.frame;
        Iterator<Map.Entry<Integer, MapCall>> it = w.known.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Integer, MapCall> e = it.next();
            if (e.getValue().isDone()) {
                it.remove();
                frame.putByte(w.frameLength + TYPE_OFFSET, FORGET);
                frame.putInt(w.frameLength + DEFINITION_ID_OFFSET, e.getKey(), ORDER);
                w.frameLength += FORGET_LENGTH;
            }
        }
        flush(w);
    }
}
