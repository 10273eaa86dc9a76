package io.jipc;

/**
 * Something {@link Ipc#wait} can wait on, like a {@code multiprocessing.connection.wait} object: a {@link Channel}
 * (a message or end-of-stream is waiting), a {@link ChannelServer} (a client is waiting to be accepted), a
 * {@link io.jipc.process.ChildProcess} (it exited).
 * <p>
 * Objects with events of their own (an event loop, a process exit) wake the waiter through {@link #onReady}; the
 * others are polled with an idle strategy. {@link #isReady()} is called from the waiting thread; for a channel
 * that is the thread that then receives.
 */
public interface Waitable {

    /**
     * Never blocks.
     *
     * @return true when a wait on this object would return it now; a closed object is ready (using it then throws)
     */
    boolean isReady();

    /**
     * Asks to be told when this object may have become ready. The wake-up may come spuriously, and may run on any
     * thread: it must only wake the waiter.
     *
     * @param wakeUp to run when this object may have become ready
     * @return a registration to cancel once the wait is over, or null when this object cannot tell (it is polled)
     */
    default Registration onReady(Runnable wakeUp) {
        return null;
    }

    /** A wake-up registration, cancelled when the wait is over. */
    @FunctionalInterface
    interface Registration {
        /** Stops the wake-ups. Idempotent. */
        void cancel();
    }
}
