package io.jipc.internal;

import java.lang.invoke.SerializedLambda;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

import io.jipc.codec.Codec;
import io.jipc.codec.CodecException;

/**
 * A serializable lambda as data: its <em>shape</em> (capturing class, interface, implementation method: the fields of
 * {@link SerializedLambda}) and, apart, its captured values in a codec. Decoding a whole {@code SerializedLambda} by
 * Java serialization costs tens of microseconds; a shape is sent once and rebuilt in a fraction of one. The process
 * pool ships tasks and functions this way, the manager the functions of {@code compute} and {@code merge}.
 * <p>
 * The receiver rebuilds a lambda the way deserialization does: through the capturing class's
 * {@code $deserializeLambda$}, which only makes lambdas that class's source declares. Integers are little-endian.
 * <pre>
 *  shape:    implementation method kind (i32) | 8 × (length i32 | UTF-8): capturing class, functional interface, its
 *            method name and signature, implementation class, method name and signature, instantiated method type
 *  captured: n (i32) | n × (length i32 | value in the codec)
 * </pre>
 */
public final class Lambdas {

    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    private static final int INT_BYTES = 4;
    /** The strings of a shape, in {@link SerializedLambda}'s constructor's order. */
    private static final int PARTS = 8;

    private static final ClassValue<Method> WRITE_REPLACE = new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> type) {
            try {
                Method m = type.getDeclaredMethod("writeReplace");
                m.setAccessible(true);
                return m;
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }
    };

    private Lambdas() {
    }

    /** @return the function's {@link SerializedLambda}, or null when it is not a serializable lambda */
    public static SerializedLambda serialized(Object function) {
        if (function == null) {
            return null;
        }
        Class<?> type = function.getClass();
        if (!type.isSynthetic()) {
            return null;
        }
        Method m = WRITE_REPLACE.get(type);
        if (m == null) {
            return null;
        }
        try {
            return m.invoke(function) instanceof SerializedLambda s ? s : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** @return the wire form of {@code lambda}'s shape */
    public static byte[] shape(SerializedLambda lambda) {
        String[] parts = {lambda.getCapturingClass(), lambda.getFunctionalInterfaceClass(),
            lambda.getFunctionalInterfaceMethodName(), lambda.getFunctionalInterfaceMethodSignature(),
            lambda.getImplClass(), lambda.getImplMethodName(), lambda.getImplMethodSignature(),
            lambda.getInstantiatedMethodType()};
        ExpandableArrayBuffer out = new ExpandableArrayBuffer(256);
        int p = 0;
        out.putInt(p, lambda.getImplMethodKind(), ORDER);
        p += INT_BYTES;
        for (String s : parts) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.putInt(p, b.length, ORDER);
            out.putBytes(p + INT_BYTES, b);
            p += INT_BYTES + b.length;
        }
        byte[] bytes = new byte[p];
        out.getBytes(0, bytes);
        return bytes;
    }

    /**
     * Reads a shape and finds its capturing class's deserializer (the class is loaded, not initialized).
     *
     * @param end where the message holding it ends: nothing at or past it is read
     * @throws CodecException when the shape is truncated or its capturing class is not found here
     */
    public static Shape read(DirectBuffer buffer, int offset, int end, ClassLoader loader) {
        int p = offset;
        int kind = getInt(buffer, p, end);
        p += INT_BYTES;
        String[] parts = new String[PARTS];
        for (int i = 0; i < parts.length; i++) {
            int length = getInt(buffer, p, end);
            if (length < 0 || length > end - p - INT_BYTES) {
                throw new CodecException("a lambda shape runs past the end of its message", null);
            }
            parts[i] = buffer.getStringWithoutLengthUtf8(p + INT_BYTES, length);
            p += INT_BYTES + length;
        }
        String className = parts[0].replace('/', '.');
        try {
            Class<?> capturing = Class.forName(className, false, loader);
            Method deserializer = capturing.getDeclaredMethod("$deserializeLambda$", SerializedLambda.class);
            deserializer.setAccessible(true);
            return new Shape(capturing, deserializer, parts, kind);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            throw new CodecException("cannot rebuild lambdas of " + className + " (is this JVM's class path the"
                + " sender's?): " + e, e);
        }
    }

    /** Writes a lambda's captured values at {@code offset}. @return their length */
    public static int encodeCaptured(SerializedLambda lambda, Codec<Object> codec, MutableDirectBuffer buffer, int offset) {
        int n = lambda.getCapturedArgCount();
        buffer.putInt(offset, n, ORDER);
        int p = offset + INT_BYTES;
        for (int i = 0; i < n; i++) {
            int length = codec.encode(lambda.getCapturedArg(i), buffer, p + INT_BYTES);
            buffer.putInt(p, length, ORDER);
            p += INT_BYTES + length;
        }
        return p - offset;
    }

    /**
     * @param end where the message holding them ends: nothing at or past it is read
     * @return the captured values written by {@link #encodeCaptured} at {@code offset}
     * @throws CodecException when a value cannot be decoded or runs past {@code end}
     */
    public static Object[] decodeCaptured(DirectBuffer buffer, int offset, int end, Codec<Object> codec) {
        int n = getInt(buffer, offset, end);
        if (n < 0 || n > (end - offset) / INT_BYTES) {
            throw new CodecException("a lambda claims " + n + " captured values in " + (end - offset) + " bytes", null);
        }
        Object[] captured = new Object[n];
        int p = offset + INT_BYTES;
        for (int i = 0; i < n; i++) {
            int length = getInt(buffer, p, end);
            if (length < 0 || length > end - p - INT_BYTES) {
                throw new CodecException("a captured value runs past the end of its message", null);
            }
            captured[i] = codec.decode(buffer, p + INT_BYTES, length);
            p += INT_BYTES + length;
        }
        return captured;
    }

    private static int getInt(DirectBuffer buffer, int p, int end) {
        if (p + INT_BYTES > end) {
            throw new CodecException("a lambda runs past the end of its message", null);
        }
        return buffer.getInt(p, ORDER);
    }

    /** A shape read on the receiving side, ready to make lambdas. Thread-safe. */
    public static final class Shape {
        private final Class<?> capturingClass;
        private final Method deserializer;
        private final String[] parts;
        private final int implMethodKind;

        private Shape(Class<?> capturingClass, Method deserializer, String[] parts, int implMethodKind) {
            this.capturingClass = capturingClass;
            this.deserializer = deserializer;
            this.parts = parts;
            this.implMethodKind = implMethodKind;
        }

        /** @return the class that declares the lambda */
        public Class<?> capturingClass() {
            return capturingClass;
        }

        /** @return the name of the functional interface it implements, with dots */
        public String functionalInterface() {
            return parts[1].replace('/', '.');
        }

        /**
         * @return the lambda of this shape with the captured values
         * @throws CodecException when the capturing class refuses to make it
         */
        public Object rebuild(Object[] captured) {
            SerializedLambda lambda = new SerializedLambda(capturingClass, parts[1], parts[2], parts[3], implMethodKind,
                parts[4], parts[5], parts[6], parts[7], captured);
            try {
                return deserializer.invoke(null, lambda);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                throw new CodecException("cannot rebuild a lambda of " + capturingClass.getName() + ": " + cause, cause);
            } catch (ReflectiveOperationException e) {
                throw new CodecException("cannot rebuild a lambda of " + capturingClass.getName() + ": " + e, e);
            }
        }
    }
}
