package io.jipc.pool;

import java.io.ObjectInputFilter;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * What a serializable lambda is without its captured values: its capturing class, interface and implementation
 * method (the fields of {@link SerializedLambda}). A pool sends each shape once to each worker (DEFINE_LAMBDA),
 * then each {@code submit} of that lambda as the shape's id and its captured values in the pool's codec: Java
 * serialization of a whole lambda costs tens of microseconds to decode, this a fraction of one.
 * <p>
 * A worker rebuilds the lambda the way deserialization does: through the capturing class's
 * {@code $deserializeLambda$}, which only makes lambdas that class's source declares, after checking the capturing
 * class against the pool's allow-list.
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
        p += 4;
        for (String s : parts) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.putInt(p, b.length, PoolProtocol.ORDER);
            out.putBytes(p + 4, b);
            p += 4 + b.length;
        }
        byte[] bytes = new byte[p];
        out.getBytes(0, bytes);
        return new LambdaShape(id, bytes, null, null, parts, lambda.getImplMethodKind());
    }

    /** @return the key that tells shapes apart: every part of the shape */
    static String key(SerializedLambda lambda) {
        return lambda.getCapturingClass() + ' ' + lambda.getImplClass() + ' ' + lambda.getImplMethodName() + ' '
            + lambda.getImplMethodSignature() + ' ' + lambda.getInstantiatedMethodType() + ' '
            + lambda.getFunctionalInterfaceClass() + ' ' + lambda.getImplMethodKind();
    }

    /**
     * Worker side: reads a shape and finds its capturing class's deserializer.
     *
     * @throws io.jipc.codec.CodecException when the capturing class is not allowed or not found
     */
    static LambdaShape read(int id, DirectBuffer buffer, int offset, ObjectInputFilter allowList) {
        int p = offset;
        int kind = buffer.getInt(p, PoolProtocol.ORDER);
        p += 4;
        String[] parts = new String[8];
        for (int i = 0; i < parts.length; i++) {
            int length = buffer.getInt(p, PoolProtocol.ORDER);
            parts[i] = buffer.getStringWithoutLengthUtf8(p + 4, length);
            p += 4 + length;
        }
        String className = parts[0].replace('/', '.');
        try {
            Class<?> capturing = Class.forName(className, false, LambdaShape.class.getClassLoader());
            if (allowList.checkInput(new ClassOnly(capturing)) == ObjectInputFilter.Status.REJECTED) {
                throw new io.jipc.codec.CodecException("refused to rebuild a lambda of class " + className
                    + ": not on the pool's allow-list (widen it with ProcessPool.builder().allow(...))", null);
            }
            Method deserializer = capturing.getDeclaredMethod("$deserializeLambda$", SerializedLambda.class);
            deserializer.setAccessible(true);
            return new LambdaShape(id, null, capturing, deserializer, parts, kind);
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (e instanceof io.jipc.codec.CodecException c) {
                throw c;
            }
            throw new io.jipc.codec.CodecException("cannot rebuild lambdas of " + className + ": " + e, e);
        }
    }

    /** Worker side: the lambda of this shape with the captured values. */
    Object rebuild(Object[] captured) throws ReflectiveOperationException {
        SerializedLambda lambda = new SerializedLambda(capturingClass, parts[1], parts[2], parts[3], implMethodKind,
            parts[4], parts[5], parts[6], parts[7], captured);
        return deserializer.invoke(null, lambda);
    }

    /** A filter question about one class. */
    private record ClassOnly(Class<?> serialClass) implements ObjectInputFilter.FilterInfo {
        @Override
        public long arrayLength() {
            return -1;
        }

        @Override
        public long depth() {
            return 1;
        }

        @Override
        public long references() {
            return 0;
        }

        @Override
        public long streamBytes() {
            return 0;
        }
    }
}
