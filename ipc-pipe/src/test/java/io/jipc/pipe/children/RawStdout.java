package io.jipc.pipe.children;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import io.jipc.internal.Stdio;

/** Helpers for children that write raw bytes to the real stdout, bypassing the channel. */
final class RawStdout {

    private RawStdout() {
    }

    static OutputStream claim() {
        return Stdio.claim().out();
    }

    static byte[] handshake(int version, int maxFrame) {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
            .put((byte) 'J').put((byte) 'I').put((byte) 'P').put((byte) 'C')
            .putShort((short) version).putShort((short) 0).putInt(maxFrame).putInt(0).array();
    }

    static byte[] header(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }

    static void sleepForever() throws InterruptedException {
        Thread.sleep(Long.MAX_VALUE);
    }

    static void write(OutputStream out, byte[]... parts) throws IOException {
        for (byte[] part : parts) {
            out.write(part);
        }
        out.flush();
    }
}
