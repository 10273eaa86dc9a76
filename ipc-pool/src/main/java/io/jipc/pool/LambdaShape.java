package io.jipc.pool;

import java.lang.invoke.SerializedLambda;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import io.jipc.codec.CodecException;

/**
 * What a serializable lambda is without its captured values: its capturing class, interface and implementation
 * method (the fields of {@link SerializedLambda}). A pool sends each shape once to each worker (a LAMBDA record),
 * then each {@code submit} of that lambda as the shape's id and its captured values in the pool's codec: Java
 * serialization of a whole lambda costs tens of microseconds to decode, this a fraction of one. A map's function and
 * the initializer travel the same way, their shape inline ({@link FunctionValue}).
 * <p>
 * A worker rebuilds the lambda the way deserialization does: through the capturing class's
 * {@code $deserializeLambda$}, which only makes lambdas that class's source declares.
 * <pre>
 *  implementation method kind (i32) | 8 × (length i32 | UTF-8): capturing class, functional interface, its method
 *  name and signature, implementation class, method name and signature, instantiated method type
 * </pre>
 */
final class LambdaShape {

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

    /** The strings of a shape, in {@link SerializedLambda}'s constructor's order. */
    private static final int PARTS = 8;

    final int id;
    final byte[] bytes;
    /** Worker side: the capturing class's {@code $deserializeLambda$}; null in the pool's JVM. */
    private final Method deserializer;
    private final Class<?> capturingClass;
    private final String[] parts;
    private final int implMethodKind;

    private LambdaShape(int id, byte[] bytes, Class<?> capturingClass, Method deserializer, String[] parts, int kind) {
        this.id = id;
        this.bytes = bytes;
        this.capturingClass = capturingClass;
        this.deserializer = deserializer;
        this.parts = parts;
        this.implMethodKind = kind;
    }

    /** @return the lambda's {@link SerializedLambda}, or null when {@code task} is not a serializable lambda */
    static SerializedLambda serialized(Object task) {
        Class<?> type = task.getClass();
        if (!type.isSynthetic()) {
            return null;
        }
        Method m = WRITE_REPLACE.get(type);
        if (m == null) {
            return null;
        }
        try {
            return m.invoke(task) instanceof SerializedLambda s ? s : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** @return the shape of {@code lambda}, numbered {@code id}, with its wire form */
    static LambdaShape of(int id, SerializedLambda lambda) {
        String[] parts = {lambda.getCapturingClass(), lambda.getFunctionalInterfaceClass(),
            lambda.getFunctionalInterfaceMethodName(), lambda.getFunctionalInterfaceMethodSignature(),
            lambda.getImplClass(), lambda.getImplMethodName(), lambda.getImplMethodSignature(),
            lambda.getInstantiatedMethodType()};
        ExpandableArrayBuffer out = new ExpandableArrayBuffer(256);
        int p = 0;
        out.putInt(p, lambda.getImplMethodKind(), PoolProtocol.ORDER);
        p += PoolProtocol.LENGTH_BYTES;
        for (String s : parts) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.putInt(p, b.length, PoolProtocol.ORDER);
            out.putBytes(p + PoolProtocol.LENGTH_BYTES, b);
            p += PoolProtocol.LENGTH_BYTES + b.length;
        }
        byte[] bytes = new byte[p];
        out.getBytes(0, bytes);
        return new LambdaShape(id, bytes, null, null, parts, lambda.getImplMethodKind());
    }

    /**
     * Worker side: reads a shape and finds its capturing class's deserializer. The pool sent it, so the worker trusts
     * it as it trusts the pool's tasks: the capturing class's {@code $deserializeLambda$} only makes the lambdas that
     * class declares, and refuses any other.
     *
     * @throws CodecException when the capturing class is not found here
     */
    static LambdaShape read(int id, DirectBuffer buffer, int offset) {
        int p = offset;
        int kind = buffer.getInt(p, PoolProtocol.ORDER);
        p += PoolProtocol.LENGTH_BYTES;
        String[] parts = new String[PARTS];
        for (int i = 0; i < parts.length; i++) {
            int length = buffer.getInt(p, PoolProtocol.ORDER);
            parts[i] = buffer.getStringWithoutLengthUtf8(p + PoolProtocol.LENGTH_BYTES, length);
            p += PoolProtocol.LENGTH_BYTES + length;
        }
        String className = parts[0].replace('/', '.');
        try {
            Class<?> capturing = Class.forName(className, false, LambdaShape.class.getClassLoader());
            Method deserializer = capturing.getDeclaredMethod("$deserializeLambda$", SerializedLambda.class);
            deserializer.setAccessible(true);
            return new LambdaShape(id, null, capturing, deserializer, parts, kind);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new CodecException("cannot rebuild lambdas of " + className + " (is this worker's class path the"
                + " pool's?): " + e, e);
        }
    }

    /** @return the name of the class that declares the lambda */
    String capturingClassName() {
        return parts[0].replace('/', '.');
    }

    /**
     * Worker side: the lambda of this shape with the captured values.
     *
     * @throws ReflectiveOperationException when the capturing class refuses it (an {@link InvocationTargetException})
     */
    Object rebuild(Object[] captured) throws ReflectiveOperationException {
        SerializedLambda lambda = new SerializedLambda(capturingClass, parts[1], parts[2], parts[3], implMethodKind,
            parts[4], parts[5], parts[6], parts[7], captured);
        return deserializer.invoke(null, lambda);
    }
}
