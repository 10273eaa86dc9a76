package io.jipc.pool;

import java.lang.invoke.SerializedLambda;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

import io.jipc.codec.Codec;
import io.jipc.codec.CodecException;
import io.jipc.internal.Lambdas;

/**
 * How a function the pool hands its workers (a map's {@link TaskFunction}, the {@link Initializer}) travels: a
 * serializable lambda as its {@link LambdaShape} and its captured values in the pool's codec, rebuilt in the worker
 * through its capturing class, so the lambdas a pool is given need no allow-list entry; anything else as the codec's
 * bytes. A submitted task's captured values use the same layout, after its shape id.
 * <pre>
 *  kind (u8): NONE   = 0
 *             VALUE  = 1 | the codec's bytes, to the end
 *             LAMBDA = 2 | shape length (i32) | LambdaShape | captured values
 *  captured values: n (i32) | n × (length i32 | value)
 * </pre>
 */
final class FunctionValue {

    static final byte NONE = 0;
    static final byte VALUE = 1;
    static final byte LAMBDA = 2;

    private static final int KIND_LENGTH = 1;

    private FunctionValue() {
    }

    /**
     * @param function a function, or null for none
     * @return its bytes
     * @throws CodecException when it cannot be encoded
     */
    static byte[] encode(Object function, Codec<Object> codec) {
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        int length;
        SerializedLambda lambda = function == null ? null : LambdaShape.serialized(function);
        if (function == null) {
            buffer.putByte(0, NONE);
            length = KIND_LENGTH;
        } else if (lambda != null) {
            byte[] shape = LambdaShape.of(0, lambda).bytes;
            buffer.putByte(0, LAMBDA);
            buffer.putInt(KIND_LENGTH, shape.length, PoolProtocol.ORDER);
            buffer.putBytes(KIND_LENGTH + PoolProtocol.LENGTH_BYTES, shape);
            int captured = KIND_LENGTH + PoolProtocol.LENGTH_BYTES + shape.length;
            length = captured + encodeCaptured(lambda, codec, buffer, captured);
        } else {
            buffer.putByte(0, VALUE);
            length = KIND_LENGTH + codec.encode(function, buffer, KIND_LENGTH);
        }
        byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    /**
     * Worker side: rebuilds a function.
     *
     * @return the function, or null for none
     * @throws CodecException when it cannot be decoded or rebuilt
     */
    static Object decode(DirectBuffer buffer, int offset, int length, Codec<Object> codec) {
        if (length < KIND_LENGTH) {
            throw new CodecException("a function of " + length + " bytes: expected at least its kind", null);
        }
        byte kind = buffer.getByte(offset);
        switch (kind) {
            case NONE:
                return null;
            case VALUE:
                return codec.decode(buffer, offset + KIND_LENGTH, length - KIND_LENGTH);
            case LAMBDA:
                int shapeLength = buffer.getInt(offset + KIND_LENGTH, PoolProtocol.ORDER);
                int shapeOffset = offset + KIND_LENGTH + PoolProtocol.LENGTH_BYTES;
                LambdaShape shape = LambdaShape.read(0, buffer, shapeOffset);
                return rebuild(shape, decodeCaptured(buffer, shapeOffset + shapeLength, codec));
            default:
                throw new CodecException("unknown function kind " + kind + " (the pool and this worker run different"
                    + " versions?)", null);
        }
    }

    /** Writes a lambda's captured values at {@code offset}. @return their length */
    static int encodeCaptured(SerializedLambda lambda, Codec<Object> codec, MutableDirectBuffer buffer, int offset) {
        return Lambdas.encodeCaptured(lambda, codec, buffer, offset);
    }

    /** @return the captured values written by {@link #encodeCaptured} at {@code offset} */
    static Object[] decodeCaptured(DirectBuffer buffer, int offset, Codec<Object> codec) {
        return Lambdas.decodeCaptured(buffer, offset, buffer.capacity(), codec);
    }

    /**
     * @return the lambda of {@code shape} with {@code captured}
     * @throws CodecException when its capturing class refuses to make it
     */
    static Object rebuild(LambdaShape shape, Object[] captured) {
        return shape.rebuild(captured);
    }
}
