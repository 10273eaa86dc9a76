package io.jipc.pool;

import java.util.concurrent.CompletableFuture;

import org.agrona.DirectBuffer;

import io.jipc.codec.Codec;

/** The result of one submitted task: completes its future on the pool's callback thread. */
final class FutureSink implements Sink {

    private final CompletableFuture<Object> future;
    private final Codec<Object> codec;
    private final Completions callbacks;

    FutureSink(CompletableFuture<Object> future, Codec<Object> codec, Completions callbacks) {
        this.future = future;
        this.codec = codec;
        this.callbacks = callbacks;
    }

    @Override
    public boolean isDone() {
        return future.isDone();
    }

    @Override
    public void succeed(Job job, DirectBuffer buffer, int offset, int count) {
        Object value;
        try {
            value = codec.decode(buffer, offset + PoolProtocol.LENGTH_BYTES, buffer.getInt(offset, PoolProtocol.ORDER));
        } catch (RuntimeException | Error e) {
            fail(job, e); // a result this JVM cannot decode (a class that fails to load, no memory) fails its task only
            return;
        }
        run(() -> future.complete(value));
    }

    @Override
    public void fail(Job job, Throwable error) {
        run(() -> future.completeExceptionally(error));
    }

    private void run(Runnable completion) {
        callbacks.add(completion);
    }
}
