package io.jipc.internal;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * This process's standard streams, reserved for a pipe channel to the parent.
 * <p>
 * Once {@link #reserve()} ran (the child bootstrap calls it before user code), {@code System.out} prints to
 * standard error and {@code System.in} is empty, so nothing user code prints or reads can corrupt the frame stream.
 */
public final class Stdio {

    private static final Object LOCK = new Object();
    private static InputStream in;
    private static OutputStream out;
    private static boolean claimed;

    private Stdio() {
    }

    /** Redirects {@code System.out} to standard error and empties {@code System.in}, keeping the real streams. Idempotent. */
    public static void reserve() {
        synchronized (LOCK) {
            if (out == null) {
                System.out.flush();
                out = new FileOutputStream(FileDescriptor.out);
                in = new FileInputStream(FileDescriptor.in);
                System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
                System.setIn(InputStream.nullInputStream());
            }
        }
    }

    /**
     * The real standard streams of this process.
     *
     * @param in  its standard input
     * @param out its standard output
     */
    public record Streams(InputStream in, OutputStream out) {
    }

    /**
     * Hands the real standard streams to the one pipe channel of this process.
     *
     * @return the real stdin and stdout
     * @throws IllegalStateException when they were claimed before: a process has one pipe channel to its parent
     */
    public static Streams claim() {
        synchronized (LOCK) {
            if (claimed) {
                throw new IllegalStateException("pipe:stdio is already connected in this process (one channel per parent)");
            }
            reserve();
            claimed = true;
            return new Streams(in, out);
        }
    }
}
