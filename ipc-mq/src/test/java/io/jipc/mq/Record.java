package io.jipc.mq;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The tests' messages:
 * <pre>
 *   0      1         5          9          17
 *   | kind | member  | producer | seq      |
 * </pre>
 * and, for {@code fill}, messages whose every 8-byte word is the sequence number (a torn one would show).
 */
final class Record {

    static final int LENGTH = 17;
    static final byte DATA = 0;
    static final byte START = 1;
    static final byte DONE = 2;

    private Record() {
    }

    static void write(MutableDirectBuffer buffer, byte kind, int member, int producer, long seq) {
        buffer.putByte(0, kind);
        buffer.putInt(1, member);
        buffer.putInt(5, producer);
        buffer.putLong(9, seq);
    }

    static byte kind(DirectBuffer buffer, int offset) {
        return buffer.getByte(offset);
    }

    static int member(DirectBuffer buffer, int offset) {
        return buffer.getInt(offset + 1);
    }

    static int producer(DirectBuffer buffer, int offset) {
        return buffer.getInt(offset + 5);
    }

    static long seq(DirectBuffer buffer, int offset) {
        return buffer.getLong(offset + 9);
    }

    static void fill(MutableDirectBuffer buffer, int size, long seq) {
        for (int i = 0; i + 8 <= size; i += 8) {
            buffer.putLong(i, seq);
        }
    }

    /** @return the sequence number of a filled message; throws when its words disagree (a torn message) */
    static long checkFilled(DirectBuffer buffer, int offset, int length) {
        long seq = buffer.getLong(offset);
        for (int i = 8; i + 8 <= length; i += 8) {
            if (buffer.getLong(offset + i) != seq) {
                throw new AssertionError("torn message: word at " + i + " is " + buffer.getLong(offset + i) + ", first " + seq);
            }
        }
        return seq;
    }
}
