package io.jipc.internal;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import io.jipc.codec.CodecException;

/**
 * An exception as data, so the receiving JVM needs no copy of its class: the process pool's task failures and the
 * manager's call failures. Little-endian; a string is its UTF-8 length (i32, -1 for null) and bytes.
 * <pre>
 *  count (i32): throwables in the cause chain, outermost first; then for each:
 *    class name (string) | message (string) | frames (i32) | per frame: class loader, module, module version,
 *    class, method, file (strings), line (i32)
 * </pre>
 * At most {@link #MAX_CAUSES} causes and {@link #MAX_FRAMES} frames each are kept.
 */
public final class RemoteErrors {

    /** Most causes kept. */
    public static final int MAX_CAUSES = 16;
    /** Most frames kept per cause. */
    public static final int MAX_FRAMES = 256;

    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    /** How a throwable is named on the wire: one rebuilt from data names the remote class, not its own. */
    @FunctionalInterface
    public interface Naming {
        /** Every throwable by its own class and message. */
        Naming PLAIN = t -> null;

        /** @return the class name and message to write for {@code t}, or null for its own */
        String[] classAndMessage(Throwable t);
    }

    /**
     * Makes the local exception for one element of the chain.
     *
     * @param <E> the type made
     */
    @FunctionalInterface
    public interface Maker<E extends Throwable> {
        /** @return the exception for a remote throwable of {@code className}, with its frames, caused by {@code cause} */
        E make(String className, String message, StackTraceElement[] frames, E cause);
    }

    private RemoteErrors() {
    }

    /** Writes {@code error} at {@code offset}, every throwable by its own class. @return the number of bytes written */
    public static int encode(Throwable error, MutableDirectBuffer buffer, int offset) {
        return encode(error, buffer, offset, Naming.PLAIN);
    }

    /** Writes {@code error} at {@code offset}. @return the number of bytes written */
    public static int encode(Throwable error, MutableDirectBuffer buffer, int offset, Naming naming) {
        List<Throwable> chain = new ArrayList<>();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = error; t != null && chain.size() < MAX_CAUSES && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            chain.add(t);
        }
        int p = offset;
        buffer.putInt(p, chain.size(), ORDER);
        p += 4;
        for (Throwable t : chain) {
            String[] named = naming.classAndMessage(t);
            p += putString(buffer, p, named != null ? named[0] : t.getClass().getName());
            p += putString(buffer, p, named != null ? named[1] : t.getMessage());
            StackTraceElement[] frames = t.getStackTrace();
            int n = Math.min(frames.length, MAX_FRAMES);
            buffer.putInt(p, n, ORDER);
            p += 4;
            for (int i = 0; i < n; i++) {
                StackTraceElement f = frames[i];
                p += putString(buffer, p, f.getClassLoaderName());
                p += putString(buffer, p, f.getModuleName());
                p += putString(buffer, p, f.getModuleVersion());
                p += putString(buffer, p, f.getClassName());
                p += putString(buffer, p, f.getMethodName());
                p += putString(buffer, p, f.getFileName());
                buffer.putInt(p, f.getLineNumber(), ORDER);
                p += 4;
            }
        }
        return p - offset;
    }

    /**
     * Rebuilds the chain written by {@link #encode}, innermost first, with {@code maker}.
     *
     * @param position where it starts; on return, where it ended
     * @param end      where the message holding it ends: nothing at or past it is read
     * @return the outermost exception, or null for an empty chain
     * @throws CodecException when a length runs past {@code end}
     */
    public static <E extends Throwable> E decode(DirectBuffer buffer, int[] position, int end, Maker<E> maker) {
        int[] p = position;
        int count = Math.min(getInt(buffer, p, end), MAX_CAUSES);
        String[] classes = new String[Math.max(0, count)];
        String[] messages = new String[classes.length];
        StackTraceElement[][] traces = new StackTraceElement[classes.length][];
        for (int c = 0; c < classes.length; c++) {
            classes[c] = getString(buffer, p, end);
            messages[c] = getString(buffer, p, end);
            int n = Math.max(0, Math.min(getInt(buffer, p, end), MAX_FRAMES));
            StackTraceElement[] frames = new StackTraceElement[n];
            for (int i = 0; i < n; i++) {
                String loader = getString(buffer, p, end);
                String module = getString(buffer, p, end);
                String version = getString(buffer, p, end);
                String cls = getString(buffer, p, end);
                String method = getString(buffer, p, end);
                String file = getString(buffer, p, end);
                int line = getInt(buffer, p, end);
                frames[i] = new StackTraceElement(loader, module, version, cls == null ? "?" : cls,
                    method == null ? "?" : method, file, line);
            }
            traces[c] = frames;
        }
        E cause = null;
        for (int c = classes.length - 1; c >= 0; c--) {
            cause = maker.make(classes[c] == null ? "unknown" : classes[c], messages[c], traces[c], cause);
        }
        return cause;
    }

    private static int putString(MutableDirectBuffer buffer, int offset, String s) {
        if (s == null) {
            buffer.putInt(offset, -1, ORDER);
            return 4;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        buffer.putInt(offset, bytes.length, ORDER);
        buffer.putBytes(offset + 4, bytes);
        return 4 + bytes.length;
    }

    private static int getInt(DirectBuffer buffer, int[] p, int end) {
        if (p[0] + 4 > end) {
            throw truncated(p[0], end);
        }
        int value = buffer.getInt(p[0], ORDER);
        p[0] += 4;
        return value;
    }

    private static String getString(DirectBuffer buffer, int[] p, int end) {
        int length = getInt(buffer, p, end);
        if (length < 0) {
            return null;
        }
        if (length > end - p[0]) {
            throw truncated(p[0] + length, end);
        }
        byte[] bytes = new byte[length];
        buffer.getBytes(p[0], bytes);
        p[0] += length;
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static CodecException truncated(int needed, int end) {
        return new CodecException("an error record runs past the end of its message (byte " + needed + " of " + end + ")",
            null);
    }
}
