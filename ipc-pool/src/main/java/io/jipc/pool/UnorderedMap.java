package io.jipc.pool;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;

import io.jipc.codec.Codec;

/** A map whose results are handed out as they arrive, through a blocking iterator. */
final class UnorderedMap extends MapCall implements Iterator<Object> {

    private static final Object NULL = new Object();

    private final LinkedBlockingQueue<Object> arrived = new LinkedBlockingQueue<>();
    private int taken;

    UnorderedMap(int fn, byte[] function, Object[] inputs, Codec<Object> codec, Executor callbacks) {
        super(fn, function, inputs, codec, callbacks);
    }

    @Override
    void accept(int index, Object value) {
        arrived.add(value == null ? NULL : value);
    }

    @Override
    void complete() {
        // every result is already queued
    }

    @Override
    void failed(Throwable error) {
        arrived.add(new Failure(error));
    }

    @Override
    public boolean hasNext() {
        return taken < inputs.length;
    }

    /** @throws PoolException (or the task's own failure) when the map failed */
    @Override
    public Object next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Object value;
        try {
            value = arrived.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PoolException("interrupted while waiting for a result", e);
        }
        if (value instanceof Failure f) {
            arrived.add(f);
            throw ProcessPool.unchecked(f.error);
        }
        taken++;
        return value == NULL ? null : value;
    }

    private record Failure(Throwable error) {
    }
}
