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
import static io.jipc.pool.PoolProtocol.DONE;
import static io.jipc.pool.PoolProtocol.DONE_COUNT_OFFSET;
import static io.jipc.pool.PoolProtocol.DONE_HEADER;
import static io.jipc.pool.PoolProtocol.FAILED;
import static io.jipc.pool.PoolProtocol.FAILED_HEADER;
import static io.jipc.pool.PoolProtocol.FAILED_INDEX_OFFSET;
import static io.jipc.pool.PoolProtocol.FORGET;
import static io.jipc.pool.PoolProtocol.FORGET_LENGTH;
import static io.jipc.pool.PoolProtocol.INIT;
import static io.jipc.pool.PoolProtocol.INIT_FAILED;
import static io.jipc.pool.PoolProtocol.INIT_FAILED_HEADER;
import static io.jipc.pool.PoolProtocol.JOB_OFFSET;
import static io.jipc.pool.PoolProtocol.LAMBDA;
import static io.jipc.pool.PoolProtocol.LENGTH_BYTES;
import static io.jipc.pool.PoolProtocol.ORDER;
import static io.jipc.pool.PoolProtocol.READY;
import static io.jipc.pool.PoolProtocol.READY_LENGTH;
import static io.jipc.pool.PoolProtocol.RUN_NANOS_OFFSET;
import static io.jipc.pool.PoolProtocol.TIMEOUT_OFFSET;
import static io.jipc.pool.PoolProtocol.TYPE_OFFSET;

import java.util.HashMap;
import java.util.Map;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import io.jipc.Channel;
import io.jipc.ChannelClosedException;
import io.jipc.MessageHandler;
import io.jipc.PeerGoneException;
import io.jipc.ProtocolException;
import io.jipc.codec.Codec;
import io.jipc.internal.ProcessIdentity;
import io.jipc.spi.Backoff;

/**
 * A worker's duty cycle: polls the pool's messages, runs each job as it is parsed (one at a time, in order), and
 * gathers the answers into one outgoing message, sent when the inbound batch is done, when it grows past
 * {@link #FLUSH_BYTES}, or when {@link #FLUSH_NANOS} passed since the last send (so slow tasks report at once; in a run
 * of tiny inputs, {@link #RUN_FLUSH_NANOS}, unless the input before ran that long).
 * Single-threaded, apart from the {@link TaskWatchdog}.
 */
final class WorkerLoop implements MessageHandler {

    /** Answers gathered beyond this many bytes are sent before the next job runs. */
    static final int FLUSH_BYTES = 32 * 1024;
    /** Answers older than this are sent before the next job runs; in a run of inputs, after an input this slow. */
    static final long FLUSH_NANOS = 50_000;
    /**
     * In a run of tiny inputs (each a task), answers are sent when this old: often enough to keep the pool's window
     * of queued work full, rarely enough to cost little.
     */
    static final long RUN_FLUSH_NANOS = 500_000;
    /** A chunk's results are split into several DONE records beyond this many bytes. */
    static final int SPLIT_BYTES = 256 * 1024;

    private final Channel channel;
    /** Made from the pool's INIT. */
    private Codec<Object> codec;
    private final long pid = ProcessIdentity.current().pid(); // known already: ProcessHandle's first use costs a start
    private final byte[] token;
    private final int maxMessage;
    private final int splitBytes;
    private final ExpandableArrayBuffer out = new ExpandableArrayBuffer(64 * 1024);
    private final Map<Integer, Object> functions = new HashMap<>();
    private final Map<Integer, Object> shapes = new HashMap<>();
    private final TaskWatchdog watchdog;
    private int outLength;
    private long lastFlushNanos;
    private boolean stop;

    /**
     * @param token the token the pool handed this worker, empty for none
     */
    WorkerLoop(Channel channel, byte[] token) {
        this.channel = channel;
        this.token = token;
        this.maxMessage = channel.maxMessageLength();
        this.splitBytes = Math.min(SPLIT_BYTES, maxMessage / 2);
        this.watchdog = new TaskWatchdog(channel);
    }

    /** Runs until the pool closes the channel or goes away. */
    void run() {
        try {
            outLength = Hello.write(out, 0, pid, token);
            flush();
            // an idle worker yields, then parks briefly while tasks came recently (a stream with gaps), then up to a
            // millisecond: it costs next to no CPU
            Backoff idle = new Backoff();
            while (!stop) {
                int n = channel.poll(this, 16);
                flush();
                idle.idle(n);
            }
        } catch (PeerGoneException | ChannelClosedException e) {
            // the pool closed the channel or went away: the normal end
        }
    }

    @Override
    public void onMessage(DirectBuffer buffer, int offset, int length) {
        int p = offset;
        int end = offset + length;
        while (p < end && !stop) {
            byte type = buffer.getByte(p + TYPE_OFFSET);
            if (codec == null && type != INIT) {
                throw new ProtocolException(channel.endpoint(), "a pool record of type " + type + " came before INIT");
            }
            switch (type) {
                case CALL -> p = call(buffer, p, false);
                case APPLY -> p = apply(buffer, p, false);
                case APPLY_EACH -> p = apply(buffer, p, true);
                case CALL_LAMBDA -> p = call(buffer, p, true);
                case LAMBDA -> p = lambda(buffer, p);
                case DEFINE -> p = define(buffer, p);
                case FORGET -> {
                    functions.remove(buffer.getInt(p + DEFINITION_ID_OFFSET, ORDER));
                    p += FORGET_LENGTH;
                }
                case INIT -> p = init(buffer, p);
                default -> throw new ProtocolException(channel.endpoint(), "unknown pool record type " + type
                    + " at byte " + (p - offset) + " of a " + length + "-byte message");
            }
        }
    }

    /** Makes the codec the pool asks for and runs its initializer; answers READY, or INIT_FAILED and stops. */
    private int init(DirectBuffer buffer, int p) {
        InitRecord init = InitRecord.read(buffer, p);
        int start = outLength;
        try {
            if (init.version() != PoolProtocol.VERSION) {
                throw new PoolException("the pool speaks pool protocol version " + init.version() + ", this worker "
                    + PoolProtocol.VERSION + " (run the pool's jipc version on both sides)", null);
            }
            codec = Worker.codecFactory(init.codecFactory()).create(init.allowed());
            Object initializer = FunctionValue.decode(buffer, init.initializerOffset(), init.initializerLength(), codec);
            if (initializer != null) {
                ((Initializer) initializer).run();
            }
            out.putByte(start + TYPE_OFFSET, READY);
            outLength = start + READY_LENGTH;
        } catch (Throwable t) {
            out.putByte(start + TYPE_OFFSET, INIT_FAILED);
            outLength = start + INIT_FAILED_HEADER + RemoteErrors.encode(t, out, start + INIT_FAILED_HEADER);
            stop = true;
        }
        flush();
        return init.end();
    }

    private int define(DirectBuffer buffer, int p) {
        int fn = buffer.getInt(p + DEFINITION_ID_OFFSET, ORDER);
        int length = buffer.getInt(p + DEFINITION_LENGTH_OFFSET, ORDER);
        Object function;
        try {
            function = FunctionValue.decode(buffer, p + DEFINITION_HEADER, length, codec);
        } catch (RuntimeException e) {
            function = e; // every APPLY of it fails with this
        }
        functions.put(fn, function);
        return p + DEFINITION_HEADER + length;
    }

    private int lambda(DirectBuffer buffer, int p) {
        int id = buffer.getInt(p + DEFINITION_ID_OFFSET, ORDER);
        int length = buffer.getInt(p + DEFINITION_LENGTH_OFFSET, ORDER);
        Object shape;
        try {
            shape = LambdaShape.read(id, buffer, p + DEFINITION_HEADER);
        } catch (RuntimeException e) {
            shape = e; // every call of it fails with this
        }
        shapes.put(id, shape);
        return p + DEFINITION_HEADER + length;
    }

    /** Runs a CALL (the task is the bytes) or a CALL_LAMBDA (the task is rebuilt from its shape and captured values). */
    private int call(DirectBuffer buffer, int p, boolean lambda) {
        long job = buffer.getLong(p + JOB_OFFSET, ORDER);
        long timeout = buffer.getLong(p + TIMEOUT_OFFSET, ORDER);
        int header = lambda ? CALL_LAMBDA_HEADER : CALL_HEADER;
        int length = buffer.getInt(p + (lambda ? CALL_LAMBDA_LENGTH_OFFSET : CALL_LENGTH_OFFSET), ORDER);
        long start = beforeJob(timeout);
        int recordStart = outLength;
        try {
            Object task = lambda ? rebuild(buffer.getInt(p + CALL_LAMBDA_SHAPE_OFFSET, ORDER), buffer, p + header)
                : codec.decode(buffer, p + header, length);
            watchdog.arm(job, timeout);
            Object result;
            try {
                result = TaskEncoder.run(task);
            } finally {
                watchdog.disarm(job, timeout);
            }
            beginDone(job, 1);
            appendValue(result);
            endDone(recordStart, job, start, 1);
        } catch (Throwable t) {
            outLength = recordStart;
            appendFailed(job, start, 0, t);
        }
        return p + header + length;
    }

    /** @return the task (a Callable or Runnable) of lambda shape {@code id} with the captured values at {@code q} */
    private Object rebuild(int id, DirectBuffer buffer, int q) {
        Object shape = shapes.get(id);
        if (!(shape instanceof LambdaShape s)) {
            throw shape instanceof RuntimeException e ? e
                : new ProtocolException(channel.endpoint(), "lambda shape " + id + " was never defined");
        }
        return FunctionValue.rebuild(s, FunctionValue.decodeCaptured(buffer, q, codec));
    }

    /**
     * Runs an APPLY (a chunk: one task, timed as a whole, its results split only when large) or an APPLY_EACH (each
     * input a task: each timed on its own, and what is gathered sent before an input when it is old or large, or
     * always when there is a timeout). A failure ends the record: the inputs after it are skipped.
     */
    @SuppressWarnings("unchecked")
    private int apply(DirectBuffer buffer, int p, boolean each) {
        long job = buffer.getLong(p + JOB_OFFSET, ORDER);
        long timeout = buffer.getLong(p + TIMEOUT_OFFSET, ORDER);
        int fn = buffer.getInt(p + APPLY_FN_OFFSET, ORDER);
        int count = buffer.getInt(p + APPLY_COUNT_OFFSET, ORDER);
        int q = p + APPLY_HEADER;
        long start = beforeJob(timeout);
        long inputNanos = start;
        Object function = functions.get(fn);
        int recordStart = outLength;
        int done = 0;
        int consumed = 0;
        int inputStart = -1;
        try {
            if (!(function instanceof TaskFunction)) {
                throw function instanceof RuntimeException e ? e
                    : new ProtocolException(channel.endpoint(), "function " + fn + " was never defined");
            }
            TaskFunction<Object, Object> f = (TaskFunction<Object, Object>) function;
            beginDone(job, 0);
            if (!each) {
                watchdog.arm(job, timeout);
            }
            try {
                while (consumed < count) {
                    inputStart = -1;
                    if (each && consumed > done) {
                        long now = System.nanoTime();
                        boolean slow = now - inputNanos >= FLUSH_NANOS; // the input before ran long: report it now
                        inputNanos = now;
                        if (timeout > 0 || slow || outLength >= FLUSH_BYTES || now - lastFlushNanos >= RUN_FLUSH_NANOS) {
                            endDone(recordStart, job, start, consumed - done);
                            done = consumed;
                            start = now;
                            flush();
                            recordStart = outLength;
                            beginDone(job, 0);
                        }
                    }
                    int length = buffer.getInt(q, ORDER);
                    int at = q + LENGTH_BYTES;
                    q = at + length;
                    consumed++;
                    inputStart = outLength;
                    if (each) {
                        watchdog.arm(job, timeout);
                        try {
                            appendValue(f.apply(codec.decode(buffer, at, length)));
                        } finally {
                            watchdog.disarm(job, timeout);
                        }
                    } else {
                        appendValue(f.apply(codec.decode(buffer, at, length)));
                    }
                    if (outLength - recordStart > splitBytes && consumed < count) {
                        endDone(recordStart, job, start, consumed - done);
                        done = consumed;
                        recordStart = outLength;
                        beginDone(job, 0);
                    }
                }
            } finally {
                if (!each) {
                    watchdog.disarm(job, timeout);
                }
            }
            endDone(recordStart, job, start, count - done);
        } catch (Throwable t) {
            outLength = recordStart;
            if (each && inputStart >= 0 && consumed - 1 > done) { // the inputs before the failing one are answered
                outLength = inputStart;
                try {
                    endDone(recordStart, job, start, consumed - 1 - done);
                } catch (RuntimeException e) {
                    outLength = recordStart;
                }
            }
            appendFailed(job, start, Math.max(0, consumed - 1), t);
            for (; consumed < count; consumed++) {
                q += LENGTH_BYTES + buffer.getInt(q, ORDER);
            }
        }
        return q;
    }

    /** Sends what is gathered when it is large or old, or before a job with a timeout. @return the job's start time */
    private long beforeJob(long timeout) {
        long now = System.nanoTime();
        if (outLength > 0 && (timeout > 0 || outLength >= FLUSH_BYTES || now - lastFlushNanos >= FLUSH_NANOS)) {
            flush();
        }
        return now;
    }

    private void beginDone(long job, int count) {
        int p = outLength;
        out.putByte(p + TYPE_OFFSET, DONE);
        out.putLong(p + JOB_OFFSET, job, ORDER);
        out.putInt(p + DONE_COUNT_OFFSET, count, ORDER);
        outLength = p + DONE_HEADER;
    }

    private void appendValue(Object value) {
        int p = outLength;
        int length = codec.encode(value, out, p + LENGTH_BYTES);
        out.putInt(p, length, ORDER);
        outLength = p + LENGTH_BYTES + length;
    }

    /** Completes a DONE record: its count and run time; sends it alone, or fails it, when it is too large. */
    private void endDone(int recordStart, long job, long start, int count) {
        int recordLength = outLength - recordStart;
        if (recordLength > maxMessage) {
            outLength = recordStart;
            throw new ResultTooLargeException("the result" + (count > 1 ? "s of a chunk" : "") + " took " + recordLength
                + " bytes; the channel to the pool carries at most " + maxMessage
                + " (raise the transport's maxMessage, or use a smaller chunk size)");
        }
        out.putLong(recordStart + RUN_NANOS_OFFSET, System.nanoTime() - start, ORDER);
        out.putInt(recordStart + DONE_COUNT_OFFSET, count, ORDER);
        if (outLength > maxMessage) {
            send(0, recordStart);
            out.putBytes(0, out, recordStart, recordLength);
            outLength = recordLength;
        }
    }

    private void appendFailed(long job, long start, int index, Throwable error) {
        int p = outLength;
        out.putByte(p + TYPE_OFFSET, FAILED);
        out.putLong(p + JOB_OFFSET, job, ORDER);
        out.putLong(p + RUN_NANOS_OFFSET, System.nanoTime() - start, ORDER);
        out.putInt(p + FAILED_INDEX_OFFSET, index, ORDER);
        int length = RemoteErrors.encode(error, out, p + FAILED_HEADER);
        outLength = p + FAILED_HEADER + length;
        if (outLength > maxMessage) {
            send(0, p);
            out.putBytes(0, out, p, outLength - p);
            outLength -= p;
        }
    }

    private void flush() {
        if (outLength > 0) {
            send(0, outLength);
            outLength = 0;
        }
        lastFlushNanos = System.nanoTime();
    }

    private void send(int offset, int length) {
        if (length == 0) {
            return;
        }
        if (!channel.offer(out, offset, length)) {
            Backoff wait = new Backoff(); // the pool is behind: rare, and cold
            while (!channel.offer(out, offset, length)) {
                wait.idle();
            }
        }
    }
}
