package io.jipc.pipe.children;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes text straight to file descriptor 1 (as a native library or a JVM flag might) before anything else. */
public final class GarbageChild {
    private GarbageChild() {
    }

    public static void main(String[] args) throws Exception {
        FileOutputStream out = new FileOutputStream(FileDescriptor.out);
        out.write("Hello from a stray print\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        RawStdout.sleepForever();
    }
}
