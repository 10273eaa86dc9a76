package io.jipc.shm;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * The one background thread of a process that proves its shm channels alive to peers that asked: it writes each
 * such channel's heartbeat word at the interval the peer asked for. The thread ends itself after 10 s with nothing
 * to do. Writing after a close is harmless: a closed channel's mapping stays until it is unreachable.
 */
final class ShmHeartbeats {

    /** The thread's name. */
    static final String THREAD_NAME = "jipc-shm-heartbeat";

    private static final ScheduledExecutorService BEATER = beater();

    private ShmHeartbeats() {
    }

    /**
     * Writes {@code System.nanoTime()} into the heartbeat word at {@code offset} every {@code millis} ms.
     *
     * @return what cancels it (at the channel's close)
     */
    static ScheduledFuture<?> every(int millis, UnsafeBuffer file, int offset) {
        file.putLongVolatile(offset, System.nanoTime());
        return BEATER.scheduleAtFixedRate(() -> file.putLongOrdered(offset, System.nanoTime()), millis, millis,
            TimeUnit.MILLISECONDS);
    }

    private static ScheduledExecutorService beater() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, THREAD_NAME);
            thread.setDaemon(true);
            return thread;
        });
        executor.setKeepAliveTime(10, TimeUnit.SECONDS);
        executor.allowCoreThreadTimeOut(true);
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}
