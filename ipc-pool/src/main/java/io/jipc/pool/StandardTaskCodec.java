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
 * The pool's default codec, {@link Codecs#tagged}: a tag byte, then {@code null}, {@link Integer}, {@link Long},
 * {@link Double}, {@link Boolean}, {@link String} (UTF-8) and {@code byte[]} in a few bytes each, anything else by
 * Java serialization behind an {@link java.io.ObjectInputFilter} allow-list ({@link Codecs#serializable}): the pool's
 * patterns, {@link Codecs#SAFE_JDK_CLASSES} and {@code java.lang.invoke.SerializedLambda} (a serializable lambda
 * nested in a value travels as one; its capturing class must be allowed too). Anything not allowed is refused before
 * it is instantiated, naming the class.
 */
public final class StandardTaskCodec implements TaskCodecFactory {

    @Override
    public Codec<Object> create(List<String> allowed) {
        return new TaggedCodec(allowed);
    }

    /** {@link Codecs#tagged}, whose refusals say how a pool's allow-list is widened. */
    private static final class TaggedCodec implements Codec<Object> {
        private final Codec<Object> tagged;

        TaggedCodec(List<String> allowed) {
            List<String> patterns = new ArrayList<>();
            patterns.add("java.lang.invoke.SerializedLambda");
            patterns.addAll(allowed);
            this.tagged = Codecs.tagged(patterns.toArray(new String[0]));
        }

        @Override
        public int encode(Object value, MutableDirectBuffer buffer, int offset) {
            try {
                return tagged.encode(value, buffer, offset);
            } catch (CodecException e) {
                throw value.getClass().isSynthetic() ? new CodecException(e.getMessage() + " (a lambda must be typed as a"
                    + " serializable interface such as io.jipc.pool.Task, and capture only serializable values)", e) : e;
            }
        }

        @Override
        public Object decode(DirectBuffer buffer, int offset, int length) {
            try {
                return tagged.decode(buffer, offset, length);
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
