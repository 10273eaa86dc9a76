package io.jipc.shm.file;

import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A file mapped into this process, seen through an {@link UnsafeBuffer}. Unmapping makes every later access through
 * the buffer crash the JVM, so owners unmap only when no thread can still touch it: at once ({@link #unmap()}) when
 * they know, or after a grace period ({@link #unmapLater()}) when another thread may be finishing a short call. An
 * owner that hands the buffer out, runs user code while reading it (a channel's handlers), or cannot count its
 * callers without a fence per call, never unmaps: the mapping goes when the last buffer over it becomes
 * unreachable, as any {@link MappedByteBuffer}'s does (every Agrona view of it keeps a reference to it).
 */
public final class MappedFile {

    /** How long {@link #unmapLater()} waits: far longer than any non-blocking call lasts. */
    public static final long UNMAP_GRACE_MILLIS = 2_000;

    private static final ScheduledExecutorService UNMAPPER = unmapper();

    private final Path path;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer buffer;
    private boolean unmapped;

    MappedFile(Path path, MappedByteBuffer mapped) {
        this.path = path;
        this.mapped = mapped;
        this.buffer = new UnsafeBuffer(mapped);
    }

    /** @return the file's path (its name may have been removed since it was mapped) */
    public Path path() {
        return path;
    }

    /** @return the whole file */
    public UnsafeBuffer buffer() {
        return buffer;
    }

    /** Unmaps now; the caller guarantees no thread touches the buffer any more. Idempotent. */
    public synchronized void unmap() {
        if (!unmapped) {
            unmapped = true;
            IoUtil.unmap(mapped);
        }
    }

    /** @return the mapping itself, for tests that watch it become unreachable */
    public MappedByteBuffer mapping() {
        return mapped;
    }

    /** @return false once unmapped */
    public synchronized boolean isMapped() {
        return !unmapped;
    }

    /** Unmaps after {@link #UNMAP_GRACE_MILLIS}, leaving threads inside a call time to finish. */
    public void unmapLater() {
        UNMAPPER.schedule(this::unmap, UNMAP_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static ScheduledExecutorService unmapper() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "jipc-shm-unmapper");
            thread.setDaemon(true);
            return thread;
        });
        executor.setKeepAliveTime(10, TimeUnit.SECONDS);
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }
}
