package io.jipc.pool;

import java.util.concurrent.ThreadFactory;

/** Makes the pool's callback thread and remembers it, to refuse blocking calls made on it. */
final class CallbackThreads implements ThreadFactory {

    private volatile Thread current;

    @Override
    public Thread newThread(Runnable r) {
        Thread t = new Thread(r, "jipc-pool-callbacks");
        t.setDaemon(true);
        current = t;
        return t;
    }

    /** @return true on the pool's callback thread */
    boolean isCurrent() {
        return Thread.currentThread() == current;
    }
}
