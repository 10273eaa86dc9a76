package io.jipc.pool;

import java.lang.invoke.SerializedLambda;

import org.agrona.DirectBuffer;

import io.jipc.codec.CodecException;
import io.jipc.internal.Lambdas;

/**
 * What a serializable lambda is without its captured values, numbered for a pool: its capturing class, interface and
 * implementation method, in the wire form of {@link Lambdas}. A pool sends each shape once to each worker (a LAMBDA
 * record), then each {@code submit} of that lambda as the shape's id and its captured values in the pool's codec:
 * Java serialization of a whole lambda costs tens of microseconds to decode, this a fraction of one. A map's function
 * and the initializer travel the same way, their shape inline ({@link FunctionValue}).
 * <p>
 * A worker rebuilds the lambda the way deserialization does: through the capturing class's
 * {@code $deserializeLambda$}, which only makes lambdas that class's source declares.
 */
final class LambdaShape {

    final int id;
    final byte[] bytes;
    /** Worker side: the shape as read; null in the pool's JVM. */
    private final Lambdas.Shape shape;

    private LambdaShape(int id, byte[] bytes, Lambdas.Shape shape) {
        this.id = id;
        this.bytes = bytes;
        this.shape = shape;
    }

    /** @return the lambda's {@link SerializedLambda}, or null when {@code task} is not a serializable lambda */
    static SerializedLambda serialized(Object task) {
        return Lambdas.serialized(task);
    }

    /** @return the shape of {@code lambda}, numbered {@code id}, with its wire form */
    static LambdaShape of(int id, SerializedLambda lambda) {
        return new LambdaShape(id, Lambdas.shape(lambda), null);
    }

    /**
     * Worker side: reads a shape and finds its capturing class's deserializer. The pool sent it, so the worker trusts
     * it as it trusts the pool's tasks: the capturing class's {@code $deserializeLambda$} only makes the lambdas that
     * class declares, and refuses any other.
     *
     * @throws CodecException when the capturing class is not found here
     */
    static LambdaShape read(int id, DirectBuffer buffer, int offset) {
        return new LambdaShape(id, null, Lambdas.read(buffer, offset, buffer.capacity(), LambdaShape.class.getClassLoader()));
    }

    /**
     * Worker side: the lambda of this shape with the captured values.
     *
     * @throws CodecException when the capturing class refuses to make it
     */
    Object rebuild(Object[] captured) {
        return shape.rebuild(captured);
    }
}
