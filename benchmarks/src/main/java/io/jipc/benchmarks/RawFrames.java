package io.jipc.benchmarks;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The raw floor's framing: {@link BenchMessages} behind a 4-byte big-endian length, over plain buffered JDK streams
 * ({@link DataOutputStream} on a {@link BufferedOutputStream}, {@link DataInputStream} on a
 * {@link BufferedInputStream}). Nothing else: no handshake, no writer thread, no checks beyond the length.
 */
final class RawFrames {

    /** Buffer size of both streams. */
    static final int BUFFER = 64 * 1024;
    private static final int HEADER = 4;

    private final DataInputStream in;
    private final DataOutputStream out;
    /** One frame: the 4-byte big-endian length (always {@link BenchMessages#LENGTH}), then the message. */
    private final byte[] frame = new byte[HEADER + BenchMessages.LENGTH];

    RawFrames(InputStream in, OutputStream out) {
        this.in = new DataInputStream(new BufferedInputStream(in, BUFFER));
        this.out = new DataOutputStream(new BufferedOutputStream(out, BUFFER));
    }

    /**
     * Buffers one frame of {@code kind} (and {@code count}, little-endian, at its offset) with one {@code write}
     * call, header included (on JDK 17 {@code writeInt} costs four locked calls); does not flush.
     */
    void write(byte kind, long count) throws IOException {
        frame[HEADER - 1] = (byte) BenchMessages.LENGTH;
        frame[HEADER + BenchMessages.KIND_OFFSET] = kind;
        for (int i = 0; i < Long.BYTES; i++) {
            frame[HEADER + BenchMessages.COUNT_OFFSET + i] = (byte) (count >>> (8 * i));
        }
        out.write(frame, 0, frame.length);
    }


    void flush() throws IOException {
        out.flush();
    }

    /**
     * Reads one frame (blocking): its header with one {@code readFully}, then its message with another.
     *
     * @return its kind
     * @throws java.io.EOFException when the peer closed the stream
     */
    byte read() throws IOException {
        in.readFully(frame, 0, HEADER);
        int length = (frame[0] & 0xFF) << 24 | (frame[1] & 0xFF) << 16 | (frame[2] & 0xFF) << 8 | (frame[3] & 0xFF);
        if (length != BenchMessages.LENGTH) {
            throw new IOException("raw frame of " + length + " bytes, expected " + BenchMessages.LENGTH);
        }
        in.readFully(frame, HEADER, length);
        return frame[HEADER + BenchMessages.KIND_OFFSET];
    }

    /** @return the count of the frame last read */
    long count() {
        long count = 0;
        for (int i = Long.BYTES - 1; i >= 0; i--) {
            count = (count << 8) | (frame[HEADER + BenchMessages.COUNT_OFFSET + i] & 0xFF);
        }
        return count;
    }

    void close() throws IOException {
        out.close();
    }
}
