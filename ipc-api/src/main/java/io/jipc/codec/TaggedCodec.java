package io.jipc.codec;

import java.nio.ByteOrder;
import java.util.Arrays;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * {@link Codecs#tagged}: a tag byte, then the common values in a few bytes each, anything else by Java serialization
 * behind the allow-list of {@link Codecs#serializable}. Integers are little-endian.
 * <pre>
 *  tag (u8)       then
 *  NULL       0   nothing
 *  INT        1   i32
 *  LONG       2   i64
 *  DOUBLE     3   f64
 *  BOOLEAN    4   u8 (0 false, anything else true)
 *  STRING     5   UTF-8, to the end of the value
 *  BYTES      6   the bytes, to the end of the value
 *  SERIALIZED 7   Java serialization, to the end of the value
 * </pre>
 * The process pool's tasks and results and the manager's values use this layout.
 */
final class TaggedCodec implements Codec<Object> {

    static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    static final byte NULL = 0;
    static final byte INT = 1;
    static final byte LONG = 2;
    static final byte DOUBLE = 3;
    static final byte BOOLEAN = 4;
    static final byte STRING = 5;
    static final byte BYTES = 6;
    static final byte SERIALIZED = 7;

    private final String[] allowed;
    /** Java serialization behind the allow-list (the one filter of {@link Codecs#serializable}), made on first use. */
    private volatile Codec<Object> serialization;

    TaggedCodec(String... allowed) {
        this.allowed = Codecs.checkAllowed(allowed.clone());
    }

    /** @return the serialization codec; two threads may both make one on first use, alike and stateless */
    private Codec<Object> serialization() {
        Codec<Object> codec = serialization;
        if (codec == null) {
            try {
                codec = Codecs.serializable(Object.class, allowed);
            } catch (IllegalArgumentException e) {
                throw new CodecException("invalid allow-list " + Arrays.toString(allowed) + ": " + e.getMessage(),
                    e);
            }
            serialization = codec;
        }
        return codec;
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
            buffer.putInt(offset + 1, (Integer) value, ORDER);
            return 5;
        }
        if (type == Long.class) {
            buffer.putByte(offset, LONG);
            buffer.putLong(offset + 1, (Long) value, ORDER);
            return 9;
        }
        if (type == Double.class) {
            buffer.putByte(offset, DOUBLE);
            buffer.putDouble(offset + 1, (Double) value, ORDER);
            return 9;
        }
        if (type == Boolean.class) {
            buffer.putByte(offset, BOOLEAN);
            buffer.putByte(offset + 1, (byte) ((Boolean) value ? 1 : 0));
            return 2;
        }
        if (type == String.class) {
            buffer.putByte(offset, STRING);
            return 1 + Utf8.put(buffer, offset + 1, (String) value);
        }
        if (type == byte[].class) {
            byte[] bytes = (byte[]) value;
            buffer.putByte(offset, BYTES);
            buffer.putBytes(offset + 1, bytes);
            return 1 + bytes.length;
        }
        buffer.putByte(offset, SERIALIZED);
        return 1 + serialization().encode(value, buffer, offset + 1);
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
                return buffer.getInt(offset + 1 + sized(length, 5, "INT"), ORDER);
            case LONG:
                return buffer.getLong(offset + 1 + sized(length, 9, "LONG"), ORDER);
            case DOUBLE:
                return buffer.getDouble(offset + 1 + sized(length, 9, "DOUBLE"), ORDER);
            case BOOLEAN:
                return buffer.getByte(offset + 1 + sized(length, 2, "BOOLEAN")) != 0;
            case STRING:
                return Utf8.get(buffer, offset + 1, length - 1);
            case BYTES: {
                byte[] bytes = new byte[length - 1];
                buffer.getBytes(offset + 1, bytes);
                return bytes;
            }
            case SERIALIZED:
                return serialization().decode(buffer, offset + 1, length - 1);
            default:
                throw new CodecException("unknown value tag " + tag + " (the two sides run different codecs?)", null);
        }
    }

    /** @return 0 when a fixed-size value has its size; throws otherwise, before anything past it is read */
    private static int sized(int length, int expected, String tag) {
        if (length != expected) {
            throw new CodecException("a value tagged " + tag + " of " + length + " bytes, expected " + expected, null);
        }
        return 0;
    }
}
