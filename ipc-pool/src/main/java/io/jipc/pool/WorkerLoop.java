package io.jipc.pool;

import java.io.ObjectInputFilter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import io.jipc.Channel;
import io.jipc.ChannelClosedException;
import io.jipc.MessageHandler;
import io.jipc.PeerGoneException;
import io.jipc.ProtocolException;
import io.jipc.codec.Codec;

/**
 * A worker's duty cycle: polls the pool's messages, runs each job as it is parsed (one at a time, in order), and
 * gathers the answers into one outgoing message, sent when the inbound batch is done, when it grows past
 * {@link #FLUSH_BYTES}, or when {@link #FLUSH_NANOS} passed since the last send (so slow tasks report at once).
 * Single-threaded, apart from the {@link TaskWatchdog}.
 */
final class WorkerLoop implements MessageHandler {

    /** Answers gathered beyond this many bytes are sent before the next job runs. */
    static final int FLUSH_BYTES = 32 * 1024;
    /** Answers older than this are sent before the next job runs. */
    static final long FLUSH_NANOS = 50_000;
    /** A chunk's results are split into several DONE records beyond this many bytes. */
    static final int SPLIT_BYTES = 256 * 1024;

    /** Parks of an idle worker start here and double... */
    static final long MIN_PARK_NANOS = 1_000;
    /** ...up to this while the last job came less than {@link #RECENT_NANOS} ago (a stream of tasks with gaps)... */
    static final long SHORT_PARK_NANOS = 50_000;
    /** ...and up to this after: an idle worker wakes a thousand times a second and costs next to no CPU. */
    static final long LONG_PARK_NANOS = 1_000_000;
    static final long RECENT_NANOS = 20_000_000;

    private final Channel channel;
    private final Codec<Object> codec;
    private final long pid = ProcessHandle.current().pid();
    private final int maxMessage;
    private final int splitBytes;
    private final ExpandableArrayBuffer out = new ExpandableArrayBuffer(64 * 1024);
    private final Map<Integer, Object> functions = new HashMap<>();
    private final Map<Integer, Object> shapes = new HashMap<>();
    private final List<String> allowed;
    private ObjectInputFilter allowList;
    private final TaskWatchdog watchdog;
    private int outLength;
    private long lastFlushNanos;
    private boolean stop;

    WorkerLoop(Channel channel, Codec<Object> codec, List<String> allowed) {
        this.channel = channel;
        this.codec = codec;
        this.allowed = allowed;
        this.maxMessage = channel.maxMessageLength();
        this.splitBytes = Math.min(SPLIT_BYTES, maxMessage / 2);
        this.watchdog = new TaskWatchdog(channel);
    }

    /** Runs until the pool closes the channel or goes away. */
    void run() {
        try {
            out.putByte(0, PoolProtocol.HELLO);
            out.putLong(1, pid, PoolProtocol.ORDER);
            outLength = 9;
            flush();
            int idleCycles = 0;
            long park = MIN_PARK_NANOS;
            long lastWork = System.nanoTime();
            while (!stop) {
                int n = channel.poll(this, 16);
                flush();
                if (n > 0) {
                    idleCycles = 0;
                    park = MIN_PARK_NANOS;
                    lastWork = lastFlushNanos;
                } else if (++idleCycles < 220) {
                    Thread.yield();
                } else {
                    LockSupport.parkNanos(park);
                    long cap = System.nanoTime() - lastWork < RECENT_NANOS ? SHORT_PARK_NANOS : LONG_PARK_NANOS;
                    park = Math.min(park * 2, cap);
                }
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
            byte type = buffer.getByte(p);
            switch (type) {
                case PoolProtocol.CALL -> p = call(buffer, p, false);
                case PoolProtocol.APPLY -> p = apply(buffer, p);
                case PoolProtocol.CALL_LAMBDA -> p = call(buffer, p, true);
                case PoolProtocol.LAMBDA -> p = lambda(buffer, p);
                case PoolProtocol.DEFINE -> p = define(buffer, p);
                case PoolProtocol.FORGET -> {
                    functions.remove(buffer.getInt(p + 1, PoolProtocol.ORDER));
                    p += 5;
                }
                case PoolProtocol.INIT -> p = init(buffer, p);
                default -> throw new ProtocolException(channel.endpoint(), "unknown pool record type " + type
                    + " at byte " + (p - offset) + " of a " + length + "-byte message");
            }
        }
    }

    private int init(DirectBuffer buffer, int p) {
        int length = buffer.getInt(p + 1, PoolProtocol.ORDER);
        int start = outLength;
        try {
            if (length > 0) {
                ((Initializer) codec.decode(buffer, p + 5, length)).run();
            }
            out.putByte(start, PoolProtocol.READY);
            out.putLong(start + 1, pid, PoolProtocol.ORDER);
            outLength = start + 9;
        } catch (Throwable t) {
            out.putByte(start, PoolProtocol.INIT_FAILED);
            outLength = start + 1 + RemoteErrors.encode(t, out, start + 1);
            stop = true;
        }
        flush();
        return p + 5 + length;
    }

    private int define(DirectBuffer buffer, int p) {
        int fn = buffer.getInt(p + 1, PoolProtocol.ORDER);
        int length = buffer.getInt(p + 5, PoolProtocol.ORDER);
        Object function;
        try {
            function = codec.decode(buffer, p + 9, length);
        } catch (RuntimeException e) {
            function = e; // every APPLY of it fails with this
        }
        functions.put(fn, function);
        return p + 9 + length;
    }

    private int lambda(DirectBuffer buffer, int p) {
        int id = buffer.getInt(p + 1, PoolProtocol.ORDER);
        int length = buffer.getInt(p + 5, PoolProtocol.ORDER);
        Object shape;
        try {
            if (allowList == null) {
                allowList = ObjectInputFilter.Config.createFilter(String.join(";", allowed) + ";!*");
            }
            shape = LambdaShape.read(id, buffer, p + 9, allowList);
        } catch (RuntimeException e) {
            shape = e; // every call of it fails with this
        }
        shapes.put(id, shape);
        return p + 9 + length;
    }

    /** Runs a CALL (the task is the bytes) or a CALL_LAMBDA (the task is rebuilt from its shape and captured values). */
    private int call(DirectBuffer buffer, int p, boolean lambda) {
        long job = buffer.getLong(p + 1, PoolProtocol.ORDER);
        long timeout = buffer.getLong(p + 9, PoolProtocol.ORDER);
        int header = lambda ? PoolProtocol.CALL_LAMBDA_HEADER : PoolProtocol.CALL_HEADER;
        int length = buffer.getInt(p + header - 4, PoolProtocol.ORDER);
        long start = beforeJob(timeout);
        int recordStart = outLength;
        try {
            Task<?> task = lambda ? rebuild(buffer.getInt(p + 17, PoolProtocol.ORDER), buffer, p + header)
                : (Task<?>) codec.decode(buffer, p + header, length);
            watchdog.arm(job, timeout);
            Object result;
            try {
                result = task.call();
            } finally {
                watchdog.disarm(job, timeout);
            }
            beginDone(job, 1);
            appendValue(result);
            endDone(recordStart, job, start, 1);
        } catch (Throwable t) {
            outLength = recordStart;
            appendFailed(job, start, 0, lambda && t instanceof java.lang.reflect.InvocationTargetException e
                && e.getCause() != null ? e.getCause() : t);
        }
        return p + header + length;
    }

    /** @return the task of lambda shape {@code id} with the captured values at {@code q}: count, then (length, value) */
    private Task<?> rebuild(int id, DirectBuffer buffer, int q) throws ReflectiveOperationException {
        Object shape = shapes.get(id);
        if (!(shape instanceof LambdaShape s)) {
            throw shape instanceof RuntimeException e ? e
                : new ProtocolException(channel.endpoint(), "lambda shape " + id + " was never defined");
        }
        int n = buffer.getInt(q, PoolProtocol.ORDER);
        Object[] captured = new Object[n];
        int r = q + 4;
        for (int i = 0; i < n; i++) {
            int valueLength = buffer.getInt(r, PoolProtocol.ORDER);
            captured[i] = codec.decode(buffer, r + 4, valueLength);
            r += 4 + valueLength;
        }
        return (Task<?>) s.rebuild(captured);
    }

    @SuppressWarnings("unchecked")
    private int apply(DirectBuffer buffer, int p) {
        long job = buffer.getLong(p + 1, PoolProtocol.ORDER);
        long timeout = buffer.getLong(p + 9, PoolProtocol.ORDER);
        int fn = buffer.getInt(p + 17, PoolProtocol.ORDER);
        int count = buffer.getInt(p + 21, PoolProtocol.ORDER);
        int q = p + PoolProtocol.APPLY_HEADER;
        long start = beforeJob(timeout);
        Object function = functions.get(fn);
        int recordStart = outLength;
        int done = 0;
        int consumed = 0;
        try {
            if (!(function instanceof TaskFunction)) {
                throw function instanceof RuntimeException e ? e
                    : new ProtocolException(channel.endpoint(), "function " + fn + " was never defined");
            }
            TaskFunction<Object, Object> f = (TaskFunction<Object, Object>) function;
            beginDone(job, 0);
            watchdog.arm(job, timeout);
            try {
                while (consumed < count) {
                    int length = buffer.getInt(q, PoolProtocol.ORDER);
                    int at = q + 4;
                    q = at + length;
                    consumed++;
                    appendValue(f.apply(codec.decode(buffer, at, length)));
                    if (outLength - recordStart > splitBytes && consumed < count) {
                        endDone(recordStart, job, start, consumed - done);
                        done = consumed;
                        recordStart = outLength;
                        beginDone(job, 0);
                    }
                }
            } finally {
                watchdog.disarm(job, timeout);
            }
            endDone(recordStart, job, start, count - done);
        } catch (Throwable t) {
            outLength = recordStart;
            appendFailed(job, start, Math.max(0, consumed - 1), t);
            for (; consumed < count; consumed++) {
                q += 4 + buffer.getInt(q, PoolProtocol.ORDER);
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
        out.putByte(p, PoolProtocol.DONE);
        out.putLong(p + 1, job, PoolProtocol.ORDER);
        out.putInt(p + 17, count, PoolProtocol.ORDER);
        outLength = p + PoolProtocol.DONE_HEADER;
    }

    private void appendValue(Object value) {
        int p = outLength;
        int length = codec.encode(value, out, p + 4);
        out.putInt(p, length, PoolProtocol.ORDER);
        outLength = p + 4 + length;
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
        out.putLong(recordStart + 9, System.nanoTime() - start, PoolProtocol.ORDER);
        out.putInt(recordStart + 17, count, PoolProtocol.ORDER);
        if (outLength > maxMessage) {
            send(0, recordStart);
            out.putBytes(0, out, recordStart, recordLength);
            outLength = recordLength;
        }
    }

    private void appendFailed(long job, long start, int index, Throwable error) {
        int p = outLength;
        out.putByte(p, PoolProtocol.FAILED);
        out.putLong(p + 1, job, PoolProtocol.ORDER);
        out.putLong(p + 9, System.nanoTime() - start, PoolProtocol.ORDER);
        out.putInt(p + 17, index, PoolProtocol.ORDER);
        int length = RemoteErrors.encode(error, out, p + PoolProtocol.FAILED_HEADER);
        outLength = p + PoolProtocol.FAILED_HEADER + length;
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
            IdleStrategy wait = new BackoffIdleStrategy(100, 10, 1_000, 1_000_000);
            while (!channel.offer(out, offset, length)) {
                wait.idle();
            }
        }
    }
}
