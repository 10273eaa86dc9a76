package io.jipc.pool;

import java.lang.invoke.SerializedLambda;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.agrona.ExpandableArrayBuffer;

import io.jipc.codec.Codec;
import io.jipc.codec.CodecException;

/**
 * Turns what is submitted into jobs: a serializable lambda (a {@link Task}, or a {@link Callable} or {@link Runnable}
 * written as a serializable lambda) into its {@link LambdaShape} and its captured values in the pool's codec,
 * anything else into the codec's bytes (a plain {@code Callable} or {@code Runnable} in a wrapper the default
 * allow-list names). Thread-safe.
 */
final class TaskEncoder {

    private final Codec<Object> codec;
    private final AtomicInteger shapeIds = new AtomicInteger();
    private final ConcurrentHashMap<Class<?>, LambdaShape> shapes = new ConcurrentHashMap<>();
    private final ThreadLocal<ExpandableArrayBuffer> buffer = ThreadLocal.withInitial(() -> new ExpandableArrayBuffer(512));

    TaskEncoder(Codec<Object> codec) {
        this.codec = codec;
    }

    /**
     * @param task     a {@link Task}, {@link Callable} or {@link Runnable}
     * @param original what {@link ProcessPool#shutdownNow()} hands back if the job never starts
     * @return the job
     * @throws CodecException when the task cannot be encoded
     */
    Job job(Object task, Object original, Sink sink, TaskOptions options) {
        SerializedLambda lambda = LambdaShape.serialized(task);
        byte[] bytes;
        LambdaShape shape = null;
        if (lambda != null) {
            shape = shapes.computeIfAbsent(task.getClass(), c -> LambdaShape.of(shapeIds.incrementAndGet(), lambda));
            ExpandableArrayBuffer out = buffer.get();
            bytes = copy(out, FunctionValue.encodeCaptured(lambda, codec, out, 0));
        } else {
            Object wrapped = task instanceof Task<?> ? task : task instanceof Callable<?> c ? new CallableTask<>(c)
                : new RunnableTask<>((Runnable) task, null);
            ExpandableArrayBuffer out = buffer.get();
            bytes = copy(out, codec.encode(wrapped, out, 0));
        }
        return new Job(sink, bytes, shape, original, 0, 1, options.timeout().toNanos(), options.idempotent());
    }

    private static byte[] copy(ExpandableArrayBuffer from, int length) {
        byte[] bytes = new byte[length];
        from.getBytes(0, bytes);
        return bytes;
    }

    /**
     * Worker side: runs what a job carries.
     *
     * @return its result; null for a {@link Runnable}
     * @throws Exception what the task threw
     */
    static Object run(Object task) throws Exception {
        if (task instanceof Callable<?> callable) {
            return callable.call();
        }
        if (task instanceof Runnable runnable) {
            runnable.run();
            return null;
        }
        throw new CodecException("a job carried a " + (task == null ? "null" : task.getClass().getName())
            + ", not a task", null);
    }

    /** @return a runnable that runs {@code task} (a {@link Callable} or {@link Runnable}) here */
    static Runnable runnable(Object task) {
        if (task instanceof Runnable runnable) {
            return runnable;
        }
        Callable<?> callable = (Callable<?>) task;
        return () -> {
            try {
                callable.call();
            } catch (Exception e) {
                throw ProcessPool.unchecked(e);
            }
        };
    }

    /** A {@link Callable} as a task: serializable when the callable is. */
    record CallableTask<T>(Callable<T> callable) implements Task<T> {
        @Override
        public T call() throws Exception {
            return callable.call();
        }
    }

    /** A {@link Runnable} as a task: serializable when the runnable and the result are. */
    record RunnableTask<T>(Runnable runnable, T result) implements Task<T> {
        @Override
        public T call() {
            runnable.run();
            return result;
        }
    }
}
