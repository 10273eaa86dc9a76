package io.jipc.pipe.children;

import java.io.OutputStream;

/** Sends a valid handshake, then a frame header announcing 2 GiB - 1 bytes. */
public final class HugeFrameChild {
    private HugeFrameChild() {
    }

    public static void main(String[] args) throws Exception {
        OutputStream out = RawStdout.claim();
        RawStdout.write(out, RawStdout.handshake(1, 1 << 20), RawStdout.header(Integer.MAX_VALUE), new byte[] {1, 2, 3});
        RawStdout.sleepForever();
    }
}
