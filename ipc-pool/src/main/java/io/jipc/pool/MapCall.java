package io.jipc.pool;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import io.jipc.codec.Codec;

/**
 * One {@code map}: its function (sent once to each worker that needs it), its inputs (encoded by the dispatcher as
 * it sends them) and where the results go. Its jobs are runs of inputs; the dispatcher thread owns it.
 */
abstract class MapCall implements Sink {

    final int fn;
    final byte[] function;
    final Object[] inputs;
    final Codec<Object> codec;
    private final Executor callbacks;
    private int remaining;
    private volatile boolean done;

    MapCall(int fn, byte[] function, Object[] inputs, Codec<Object> codec, Executor callbacks) {
        this.fn = fn;
        this.function = function;
        this.inputs = inputs;
        this.codec = codec;
        this.callbacks = callbacks;
        this.remaining = inputs.length;
    }

    /** Takes the result for input {@code index}. */
    abstract void accept(int index, Object value);

    /** Every input has its result. */
    abstract void complete();

    /** The map failed: no more results will come. */
    abstract void failed(Throwable error);

    @Override
    public final boolean isDone() {
        return done;
    }

    @Override
    public final void succeed(Job job, DirectBuffer buffer, int offset, int count) {
        if (done) {
            return;
        }
        int p = offset;
        int index = job.first + job.received;
        try {
            for (int k = 0; k < count; k++) {
                int length = buffer.getInt(p, PoolProtocol.ORDER);
                accept(index + k, codec.decode(buffer, p + PoolProtocol.LENGTH_BYTES, length));
                p += PoolProtocol.LENGTH_BYTES + length;
            }
        } catch (RuntimeException | Error e) {
            fail(job, e); // a result this JVM cannot decode fails this map only, never the pool
            return;
        }
        remaining -= count;
        if (remaining == 0) {
            done = true;
            callback(this::complete);
        }
    }

    @Override
    public final void fail(Job job, Throwable error) {
        if (!done) {
            done = true;
            callback(() -> failed(error));
        }
    }

    /**
     * Encodes inputs from {@code job.first} as (length, value) pairs, up to {@code job.count} of them or until
     * {@code maxBytes} are written; the job is cut to what fitted (at least one input).
     *
     * @return the bytes written
     */
    final int encodeInputs(Job job, MutableDirectBuffer buffer, int offset, int maxBytes) {
        int p = offset;
        int n = 0;
        while (n < job.count && (n == 0 || p - offset < maxBytes)) {
            int length = codec.encode(inputs[job.first + n], buffer, p + PoolProtocol.LENGTH_BYTES);
            buffer.putInt(p, length, PoolProtocol.ORDER);
            p += PoolProtocol.LENGTH_BYTES + length;
            n++;
        }
        job.count = n;
        return p - offset;
    }

    private void callback(Runnable action) {
        try {
            callbacks.execute(action);
        } catch (RejectedExecutionException e) {
            action.run();
        }
    }
}
