package io.jipc.pool;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * An exception as data, so the pool's JVM needs no copy of its class. Little-endian; a string is its UTF-8 length
 * (i32, -1 for null) and bytes.
 * <pre>
 *  count (i32): throwables in the cause chain, outermost first; then for each:
 *    class name (string) | message (string) | frames (i32) | per frame: class loader, module, module version,
 *    class, method, file (strings), line (i32)
 * </pre>
 * At most {@link #MAX_CAUSES} causes and {@link #MAX_FRAMES} frames each are kept.
 */
final class RemoteErrors {

    static final int MAX_CAUSES = 16;
    static final int MAX_FRAMES = 256;

    private RemoteErrors() {
    }

    /** Writes {@code error} at {@code offset}. @return the number of bytes written */
    static int encode(Throwable error, MutableDirectBuffer buffer, int offset) {
        List<Throwable> chain = new ArrayList<>();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = error; t != null && chain.size() < MAX_CAUSES && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            chain.add(t);
        }
        int p = offset;
        buffer.putInt(p, chain.size(), PoolProtocol.ORDER);
        p += 4;
        for (Throwable t : chain) {
            String className = t instanceof RemoteTaskException r ? r.remoteClassName() : t.getClass().getName();
            String message = t instanceof RemoteTaskException r ? r.remoteMessage() : t.getMessage();
            p += putString(buffer, p, className);
            p += putString(buffer, p, message);
            StackTraceElement[] frames = t.getStackTrace();
            int n = Math.min(frames.length, MAX_FRAMES);
            buffer.putInt(p, n, PoolProtocol.ORDER);
            p += 4;
            for (int i = 0; i < n; i++) {
                StackTraceElement f = frames[i];
                p += putString(buffer, p, f.getClassLoaderName());
                p += putString(buffer, p, f.getModuleName());
                p += putString(buffer, p, f.getModuleVersion());
                p += putString(buffer, p, f.getClassName());
                p += putString(buffer, p, f.getMethodName());
                p += putString(buffer, p, f.getFileName());
                buffer.putInt(p, f.getLineNumber(), PoolProtocol.ORDER);
                p += 4;
            }
        }
        return p - offset;
    }

    /**
     * Rebuilds the exception written by {@link #encode}, as a chain of {@link RemoteTaskException}s.
     *
     * @param position where it starts; on return, where it ended
     */
    static RemoteTaskException decode(DirectBuffer buffer, int[] position, long workerPid) {
        int[] p = position;
        int count = Math.min(buffer.getInt(p[0], PoolProtocol.ORDER), MAX_CAUSES);
        p[0] += 4;
        String[] classes = new String[count];
        String[] messages = new String[count];
        StackTraceElement[][] traces = new StackTraceElement[count][];
        for (int c = 0; c < count; c++) {
            classes[c] = getString(buffer, p);
            messages[c] = getString(buffer, p);
            int n = Math.min(buffer.getInt(p[0], PoolProtocol.ORDER), MAX_FRAMES);
            p[0] += 4;
            StackTraceElement[] frames = new StackTraceElement[n];
            for (int i = 0; i < n; i++) {
                String loader = getString(buffer, p);
                String module = getString(buffer, p);
                String version = getString(buffer, p);
                String cls = getString(buffer, p);
                String method = getString(buffer, p);
                String file = getString(buffer, p);
                int line = buffer.getInt(p[0], PoolProtocol.ORDER);
                p[0] += 4;
                frames[i] = new StackTraceElement(loader, module, version, cls == null ? "?" : cls,
                    method == null ? "?" : method, file, line);
            }
            traces[c] = frames;
        }
        RemoteTaskException cause = null;
        for (int c = count - 1; c >= 0; c--) {
            cause = new RemoteTaskException(classes[c], messages[c], workerPid, traces[c], cause);
        }
        return cause == null ? new RemoteTaskException("unknown", "the worker reported an empty error", workerPid,
            new StackTraceElement[0], null) : cause;
    }

    private static int putString(MutableDirectBuffer buffer, int offset, String s) {
        if (s == null) {
            buffer.putInt(offset, -1, PoolProtocol.ORDER);
            return 4;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        buffer.putInt(offset, bytes.length, PoolProtocol.ORDER);
        buffer.putBytes(offset + 4, bytes);
        return 4 + bytes.length;
    }

    private static String getString(DirectBuffer buffer, int[] p) {
        int length = buffer.getInt(p[0], PoolProtocol.ORDER);
        p[0] += 4;
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        buffer.getBytes(p[0], bytes);
        p[0] += length;
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
