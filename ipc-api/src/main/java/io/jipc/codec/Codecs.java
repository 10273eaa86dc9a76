package io.jipc.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/** The built-in codecs: raw bytes, UTF-8 text, and Java serialization behind an allow-list. */
public final class Codecs {

    /** Classes every serialization codec accepts besides the caller's: boxed primitives, text, common collections, time. */
    public static final List<String> SAFE_JDK_CLASSES = List.of(
        "java.lang.String", "java.lang.Boolean", "java.lang.Byte", "java.lang.Character", "java.lang.Short",
        "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double", "java.lang.Number",
        "java.lang.Enum", "java.lang.Record", "java.lang.Object" /* only Object[] can occur: Object is not Serializable */, "java.math.BigInteger", "java.math.BigDecimal",
        "java.util.ArrayList", "java.util.LinkedList", "java.util.HashMap", "java.util.LinkedHashMap",
        "java.util.TreeMap", "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet",
        "java.util.Arrays$ArrayList", "java.util.Collections$*", "java.util.ImmutableCollections$*",
        "java.util.CollSer", "java.util.Optional", "java.time.*", "java.util.UUID");

    /** Deepest object graph a serialization codec accepts. */
    public static final int MAX_DEPTH = 64;

    private static final Codec<byte[]> BYTES = new Codec<>() {
        @Override
        public int encode(byte[] value, MutableDirectBuffer buffer, int offset) {
            buffer.putBytes(offset, value);
            return value.length;
        }

        @Override
        public byte[] decode(DirectBuffer buffer, int offset, int length) {
            byte[] bytes = new byte[length];
            buffer.getBytes(offset, bytes);
            return bytes;
        }
    };

    private static final Codec<String> UTF_8 = new Codec<>() {
        @Override
        public int encode(String value, MutableDirectBuffer buffer, int offset) {
            return Utf8.put(buffer, offset, value);
        }

        @Override
        public String decode(DirectBuffer buffer, int offset, int length) {
            return Utf8.get(buffer, offset, length);
        }
    };

    private Codecs() {
    }

    /** @return a codec whose messages are the byte arrays themselves */
    public static Codec<byte[]> bytes() {
        return BYTES;
    }

    /** @return a codec for text encoded as UTF-8 */
    public static Codec<String> utf8() {
        return UTF_8;
    }

    /**
     * Java serialization, decoding only the classes allowed: {@code type}, the extra patterns, and
     * {@link #SAFE_JDK_CLASSES}. Anything else is refused before it is instantiated (JEP 290 filter), as are graphs
     * deeper than {@link #MAX_DEPTH}, and arrays, reference counts or stream lengths that claim more than the message
     * holds (every array element and every reference takes at least one byte of it), so a forged length allocates
     * nothing. This is jipc's one deserialization filter: the process pool uses it too.
     *
     * @param type    the type of the values
     * @param allowed more classes or patterns the values may contain, as {@link ObjectInputFilter.Config#createFilter}
     *                patterns: {@code com.example.Order}, {@code com.example.*}, {@code com.example.**}
     */
    public static <T> Codec<T> serializable(Class<T> type, String... allowed) {
        return new SerializationCodec<>(type, allowed);
    }

    /**
     * The common values in a few bytes each, anything else by Java serialization behind an allow-list: a tag byte,
     * then {@code null}, {@link Integer}, {@link Long}, {@link Double}, {@link Boolean}, {@link String} (UTF-8) or
     * {@code byte[]}, else the bytes of {@link #serializable serializable(Object.class, allowed)}, whose filter refuses
     * any class not allowed before it is instantiated. The process pool and the manager speak it.
     * <p>
     * The serialization side is made when the first value that needs it passes: making it initializes the JDK's
     * serialization filter configuration, which looks for a {@code System.LoggerFinder} on the class path (15 to
     * 40 ms at a JVM's start, opening every jar), a cost a pool worker passing only the common values never pays.
     * The patterns' form is checked here; an invalid pattern that only the JDK's parser refuses fails that first
     * value with a {@link CodecException}.
     *
     * @param allowed more classes or patterns values may contain, besides {@link #SAFE_JDK_CLASSES}
     * @return a thread-safe codec
     */
    public static Codec<Object> tagged(String... allowed) {
        return new TaggedCodec(allowed);
    }

    /** @return why a step of a stream of {@code length} bytes claims more than the stream can hold, or null */
    private static String overLimit(ObjectInputFilter.FilterInfo info, int length) {
        if (info.arrayLength() > length) {
            return "an array of " + info.arrayLength() + " elements in a message of " + length + " bytes";
        }
        if (info.references() > length || info.streamBytes() > length) {
            return info.references() + " references after " + info.streamBytes() + " bytes of a " + length + "-byte message";
        }
        if (info.depth() > MAX_DEPTH) {
            return "depth " + info.depth() + " (at most " + MAX_DEPTH + ")";
        }
        return null;
    }

    /**
     * Checks the form of allow-list patterns, as far as it can be told without the JDK's filter configuration.
     *
     * @return {@code allowed}
     * @throws IllegalArgumentException for a blank pattern, one with {@code ;} or one starting with {@code !}
     */
    static String[] checkAllowed(String... allowed) {
        for (String pattern : allowed) {
            if (pattern.isBlank() || pattern.contains(";") || pattern.startsWith("!")) {
                throw new IllegalArgumentException("not an allow-list pattern: '" + pattern + "'");
            }
        }
        return allowed;
    }

    private static final class SerializationCodec<T> implements Codec<T> {
        private final Class<T> type;
        private final ObjectInputFilter patternFilter;

        SerializationCodec(Class<T> type, String... allowed) {
            this.type = Objects.requireNonNull(type, "type");
            List<String> parts = new ArrayList<>();
            parts.add("maxdepth=" + MAX_DEPTH);
            parts.add(type.getName());
            for (String pattern : checkAllowed(allowed)) {
                parts.add(pattern);
            }
            parts.addAll(SAFE_JDK_CLASSES);
            parts.add("!*");
            this.patternFilter = ObjectInputFilter.Config.createFilter(String.join(";", parts));
        }

        @Override
        public int encode(T value, MutableDirectBuffer buffer, int offset) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(value);
            } catch (IOException e) {
                throw new CodecException("cannot serialize " + (value == null ? "null" : value.getClass().getName())
                    + ": " + e, e);
            }
            byte[] array = bytes.toByteArray();
            buffer.putBytes(offset, array);
            return array.length;
        }

        @Override
        public T decode(DirectBuffer buffer, int offset, int length) {
            byte[] array = new byte[length];
            buffer.getBytes(offset, array);
            String[] rejected = new String[1];
            ObjectInputFilter filter = info -> {
                String limit = overLimit(info, length);
                if (limit != null) {
                    rejected[0] = rejected[0] == null ? limit : rejected[0];
                    return ObjectInputFilter.Status.REJECTED;
                }
                ObjectInputFilter.Status status = patternFilter.checkInput(info);
                if (status == ObjectInputFilter.Status.REJECTED && rejected[0] == null) {
                    rejected[0] = info.serialClass() != null ? "class " + info.serialClass().getName()
                        + ": not on the allow-list of Codecs.serializable(" + type.getName() + ", ...)"
                        : "depth " + info.depth() + " (at most " + MAX_DEPTH + ")";
                }
                return status;
            };
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(array))) {
                in.setObjectInputFilter(filter);
                Object value = in.readObject();
                if (value != null && !type.isInstance(value)) {
                    throw new CodecException("expected a " + type.getName() + ", decoded a " + value.getClass().getName(), null);
                }
                return type.cast(value);
            } catch (InvalidClassException e) {
                throw new CodecException("refused to deserialize " + (rejected[0] == null ? e.getMessage() : rejected[0]), e);
            } catch (IOException | ClassNotFoundException e) {
                throw new CodecException("cannot deserialize a " + type.getName() + " from " + length + " bytes: " + e, e);
            }
        }
    }
}
