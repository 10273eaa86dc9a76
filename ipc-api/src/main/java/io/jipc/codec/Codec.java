package io.jipc.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Turns values into message bytes and back: the typed layer over a byte channel.
 * Implementations are stateless and thread-safe; see {@link Codecs} for the built-in ones.
 *
 * @param <T> the type of the values
 */
public interface Codec<T> {

    /**
     * Writes {@code value} into {@code buffer} at {@code offset}.
     *
     * @param buffer an expandable buffer (it grows as written) or one known to be large enough
     * @return the number of bytes written
     * @throws CodecException when the value cannot be encoded
     */
    int encode(T value, MutableDirectBuffer buffer, int offset);

    /**
     * Reads a value from {@code length} bytes at {@code offset}.
     *
     * @throws CodecException when the bytes are not a value of this codec
     */
    T decode(DirectBuffer buffer, int offset, int length);
}
