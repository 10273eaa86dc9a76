package io.jipc.pool;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
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
 * serialization behind an {@link ObjectInputFilter} allow-list: the pool's patterns, {@link Codecs#SAFE_JDK_CLASSES}
 * and {@code java.lang.invoke.SerializedLambda} (a serializable lambda travels as one; its capturing class must be
 * allowed too). Anything not allowed is refused before it is instantiated, naming the class.
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
        private final String patterns;
        /** Made on first use: the filter machinery costs a worker tens of milliseconds at start-up. */
        private volatile ObjectInputFilter filter;

        TaggedCodec(List<String> allowed) {
            List<String> parts = new ArrayList<>();
            parts.add("maxdepth=" + Codecs.MAX_DEPTH);
            parts.add("java.lang.invoke.SerializedLambda");
            for (String pattern : allowed) {
                if (pattern.isBlank() || pattern.contains(";") || pattern.startsWith("!")) {
                    throw new IllegalArgumentException("not an allow-list pattern: '" + pattern + "'");
                }
                parts.add(pattern);
            }
            parts.addAll(Codecs.SAFE_JDK_CLASSES);
            parts.add("!*");
            this.patterns = String.join(";", parts);
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
            byte[] bytes = serialize(value);
            buffer.putBytes(offset + 1, bytes);
            return 1 + bytes.length;
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
                case SERIALIZED: {
                    byte[] bytes = new byte[length - 1];
                    buffer.getBytes(offset + 1, bytes);
                    return deserialize(bytes);
                }
                default:
                    throw new CodecException("unknown value tag " + tag + " (the pool and its workers run different codecs?)", null);
            }
        }

        private static byte[] serialize(Object value) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(value);
            } catch (IOException e) {
                throw new CodecException("cannot serialize a " + value.getClass().getName() + ": " + e
                    + (value.getClass().isSynthetic() ? " (a lambda must be typed as a serializable interface such as"
                    + " io.jipc.pool.Task, and capture only serializable values)" : ""), e);
            }
            return bytes.toByteArray();
        }

        private Object deserialize(byte[] bytes) {
            ObjectInputFilter filter = this.filter;
            if (filter == null) {
                filter = ObjectInputFilter.Config.createFilter(patterns);
                this.filter = filter;
            }
            ObjectInputFilter allowList = filter;
            String[] rejected = new String[1];
            ObjectInputFilter recording = info -> {
                ObjectInputFilter.Status status = allowList.checkInput(info);
                if (status == ObjectInputFilter.Status.REJECTED && rejected[0] == null) {
                    rejected[0] = info.serialClass() != null ? "class " + info.serialClass().getName()
                        : "depth " + info.depth() + ", " + info.streamBytes() + " bytes";
                }
                return status;
            };
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
                in.setObjectInputFilter(recording);
                return in.readObject();
            } catch (InvalidClassException e) {
                throw new CodecException("refused to deserialize " + (rejected[0] == null ? e.getMessage() : rejected[0])
                    + ": not on the pool's allow-list (widen it with ProcessPool.builder().allow(\"com.example.**\"))", e);
            } catch (IOException | ClassNotFoundException e) {
                throw new CodecException("cannot deserialize " + bytes.length + " bytes: " + e, e);
            }
        }
    }
}
