package io.jipc.pipe.children;

import java.io.OutputStream;

/** Sends a valid handshake, then a frame header of -5, which is no frame. */
public final class BadHeaderChild {
    private BadHeaderChild() {
    }

    public static void main(String[] args) throws Exception {
        OutputStream out = RawStdout.claim();
        RawStdout.write(out, RawStdout.handshake(1, 1 << 20), RawStdout.header(-5));
        RawStdout.sleepForever();
    }
}
