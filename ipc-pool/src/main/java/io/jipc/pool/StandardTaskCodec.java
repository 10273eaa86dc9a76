package io.jipc.pool;

import java.io.InvalidClassException;
import java.util.ArrayList;
import java.util.List;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import io.jipc.codec.Codec;
import io.jipc.codec.CodecException;
import io.jipc.codec.Codecs;

/**
 * The pool's default codec: a tag byte, then {@code null}, {@link Integer}, {@link Long}, {@link Double},
 * {@link Boolean}, {@link String} (UTF-8) and {@code byte[]} in a few bytes each, anything else by Java
 * serialization behind an {@link java.io.ObjectInputFilter} allow-list ({@link Codecs#serializable}): the pool's
 * patterns, {@link Codecs#SAFE_JDK_CLASSES} and {@code java.lang.invoke.SerializedLambda} (a serializable lambda
 * nested in a value travels as one; its capturing class must be allowed too). Anything not allowed is refused before
 * it is instantiated, naming the class.
 */
public final class StandardTaskCodec implements TaskCodecFactory {

    private static final byte NULL = 0;
    private static final byte INT = 1;
    private static final byte LONG = 2;
    private static final byte DOUBLE = 3;
    private static final byte BOOLEAN = 4;
    private static final byte STRING = 5;
    private static final byte BYTES = 6;
    private static final byte SERIALIZED = 7;

    @Override
    public Codec<Object> create(List<String> allowed) {
        return new TaggedCodec(allowed);
    }

    private static final class TaggedCodec implements Codec<Object> {
        /** Java serialization behind the pool's allow-list: the one filter of {@link Codecs#serializable}. */
        private final Codec<Object> serialization;

        TaggedCodec(List<String> allowed) {
            List<String> patterns = new ArrayList<>();
            patterns.add("java.lang.invoke.SerializedLambda");
            patterns.addAll(allowed);
            this.serialization = Codecs.serializable(Object.class, patterns.toArray(new String[0]));
        }

        @Override
        public int encode(Object value, MutableDirectBuffer buffer, int offset) {
            if (value == null) {
                buffer.putByte(offset, NULL);
                return 1;
            }
            Class<?> type = value.getClass();
            if (type == Integer.class) {
                buffer.putByte(offset, INT);
                buffer.putInt(offset + 1, (Integer) value, PoolProtocol.ORDER);
                return 5;
            }
            if (type == Long.class) {
                buffer.putByte(offset, LONG);
                buffer.putLong(offset + 1, (Long) value, PoolProtocol.ORDER);
                return 9;
            }
            if (type == Double.class) {
                buffer.putByte(offset, DOUBLE);
                buffer.putDouble(offset + 1, (Double) value, PoolProtocol.ORDER);
                return 9;
            }
            if (type == Boolean.class) {
                buffer.putByte(offset, BOOLEAN);
                buffer.putByte(offset + 1, (byte) ((Boolean) value ? 1 : 0));
                return 2;
            }
            if (type == String.class) {
                buffer.putByte(offset, STRING);
                return 1 + buffer.putStringWithoutLengthUtf8(offset + 1, (String) value);
            }
            if (type == byte[].class) {
                byte[] bytes = (byte[]) value;
                buffer.putByte(offset, BYTES);
                buffer.putBytes(offset + 1, bytes);
                return 1 + bytes.length;
            }
            buffer.putByte(offset, SERIALIZED);
            try {
                return 1 + serialization.encode(value, buffer, offset + 1);
            } catch (CodecException e) {
                throw type.isSynthetic() ? new CodecException(e.getMessage() + " (a lambda must be typed as a"
                    + " serializable interface such as io.jipc.pool.Task, and capture only serializable values)", e) : e;
            }
        }

        @Override
        public Object decode(DirectBuffer buffer, int offset, int length) {
            if (length < 1) {
                throw new CodecException("empty value: expected at least a tag byte", null);
            }
            byte tag = buffer.getByte(offset);
            switch (tag) {
                case NULL:
                    return null;
                case INT:
                    return buffer.getInt(offset + 1, PoolProtocol.ORDER);
                case LONG:
                    return buffer.getLong(offset + 1, PoolProtocol.ORDER);
                case DOUBLE:
                    return buffer.getDouble(offset + 1, PoolProtocol.ORDER);
                case BOOLEAN:
                    return buffer.getByte(offset + 1) != 0;
                case STRING:
                    return buffer.getStringWithoutLengthUtf8(offset + 1, length - 1);
                case BYTES: {
                    byte[] bytes = new byte[length - 1];
                    buffer.getBytes(offset + 1, bytes);
                    return bytes;
                }
                case SERIALIZED:
                    return deserialize(buffer, offset + 1, length - 1);
                default:
                    throw new CodecException("unknown value tag " + tag + " (the pool and its workers run different codecs?)", null);
            }
        }

        private Object deserialize(DirectBuffer buffer, int offset, int length) {
            try {
                return serialization.decode(buffer, offset, length);
            } catch (CodecException e) {
                if (e.getCause() instanceof InvalidClassException) {
                    throw new CodecException(e.getMessage() + "; a pool's allow-list is widened with"
                        + " ProcessPool.builder().allow(TheClass.class) or .allow(\"com.example.**\")", e);
                }
                throw e;
            }
        }
    }
}
