package io.jipc.pipe.children;

import java.io.OutputStream;

/** Sends a valid handshake and the first 10 bytes of a 100-byte frame, then exits with code 3. */
public final class TruncatedFrameChild {
    private TruncatedFrameChild() {
    }

    public static void main(String[] args) throws Exception {
        OutputStream out = RawStdout.claim();
        RawStdout.write(out, RawStdout.handshake(1, 1 << 20), RawStdout.header(100), new byte[10]);
        Runtime.getRuntime().halt(3);
    }
}
