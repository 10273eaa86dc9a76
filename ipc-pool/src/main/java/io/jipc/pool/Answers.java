package io.jipc.pool;

import static io.jipc.pool.PoolProtocol.DONE;
import static io.jipc.pool.PoolProtocol.DONE_COUNT_OFFSET;
import static io.jipc.pool.PoolProtocol.DONE_HEADER;
import static io.jipc.pool.PoolProtocol.FAILED;
import static io.jipc.pool.PoolProtocol.FAILED_HEADER;
import static io.jipc.pool.PoolProtocol.FAILED_INDEX_OFFSET;
import static io.jipc.pool.PoolProtocol.JOB_OFFSET;
import static io.jipc.pool.PoolProtocol.LENGTH_BYTES;
import static io.jipc.pool.PoolProtocol.ORDER;
import static io.jipc.pool.PoolProtocol.RUN_NANOS_OFFSET;
import static io.jipc.pool.PoolProtocol.TYPE_OFFSET;

import org.agrona.DirectBuffer;

import io.jipc.MessageHandler;
import io.jipc.ProtocolException;
import io.jipc.internal.jfr.Jfr;

/**
 * Reads one worker's answers (DONE and FAILED records, in the order its jobs were sent) and settles the jobs it
 * holds: results go to the jobs' sinks, run times to the {@link Window}. An answer for any job but the oldest held
 * is a protocol error. Dispatcher thread only.
 */
final class Answers implements MessageHandler {

    private final WorkerSlot worker;
    private final Window window;
    private final int[] position = new int[1];

    Answers(WorkerSlot worker, Window window) {
        this.worker = worker;
        this.window = window;
    }

    @Override
    public void onMessage(DirectBuffer buffer, int offset, int length) {
        int p = offset;
        int end = offset + length;
        while (p < end) {
            byte type = buffer.getByte(p + TYPE_OFFSET);
            long id = buffer.getLong(p + JOB_OFFSET, ORDER);
            long runNanos = buffer.getLong(p + RUN_NANOS_OFFSET, ORDER);
            Job job = worker.held.peekFirst();
            if (job == null || job.id != id || type != DONE && type != FAILED) {
                throw new ProtocolException(worker.channel.endpoint(), "unexpected answer (type " + type + ", job " + id
                    + ") from " + worker + "; expected job " + (job == null ? "none" : job.id));
            }
            if (type == DONE) {
                int count = buffer.getInt(p + DONE_COUNT_OFFSET, ORDER);
                int values = p + DONE_HEADER;
                int q = values;
                for (int k = 0; k < count; k++) {
                    q += LENGTH_BYTES + buffer.getInt(q, ORDER);
                }
                job.sink.succeed(job, buffer, values, count);
                job.received += count;
                p = q;
                if (job.each) { // each input a task: counted, measured and timed one by one
                    worker.heldTasks -= count;
                    if (count > 0) {
                        window.measured(runNanos / count);
                    }
                    if (job.received < job.count) {
                        if (job.timeoutNanos > 0) {
                            worker.headSince = System.nanoTime();
                        }
                        continue;
                    }
                } else if (job.received < job.count) {
                    continue;
                } else {
                    worker.heldTasks--;
                    window.measured(runNanos);
                }
            } else {
                int record = p;
                position[0] = p + FAILED_HEADER;
                RemoteTaskException error = RemoteErrors.decode(buffer, position, worker.pid);
                p = position[0];
                if (job.task == null) {
                    error.atInput(job.first + buffer.getInt(record + FAILED_INDEX_OFFSET, ORDER));
                }
                job.sink.fail(job, error);
                worker.heldTasks -= job.tasks();
                window.measured(runNanos);
            }
            worker.held.pollFirst();
            Jfr.poolTask(worker.channel.endpoint(), worker.pid, job.count, job.queuedAt, job.sentAt, runNanos, type == DONE ? "done" : "failed");
            Job next = worker.held.peekFirst();
            if (next != null && next.timeoutNanos > 0) {
                worker.headSince = System.nanoTime();
            }
        }
    }
}
