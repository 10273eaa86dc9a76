package io.jipc.pipe.children;

import java.io.OutputStream;

/** Sends a handshake of protocol version 9. */
public final class WrongVersionChild {
    private WrongVersionChild() {
    }

    public static void main(String[] args) throws Exception {
        OutputStream out = RawStdout.claim();
        RawStdout.write(out, RawStdout.handshake(9, 1 << 20));
        RawStdout.sleepForever();
    }
}
