package io.jipc.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Future completions gathered by the dispatcher during one duty cycle and handed to the callback thread in one go:
 * one hand-off (and one wake-up) per cycle instead of one per task, and no user callback on the dispatcher thread.
 * Dispatcher thread only, until {@link #unbatch()}.
 */
final class Completions {

    private final Executor callbacks;
    private List<Runnable> batch = new ArrayList<>();
    /** Set once the dispatcher stopped: completions are then handed over one by one, from any thread. */
    private volatile boolean unbatched;

    Completions(Executor callbacks) {
        this.callbacks = callbacks;
    }

    void add(Runnable completion) {
        if (unbatched) {
            execute(completion);
        } else {
            batch.add(completion);
        }
    }

    /**
     * Ends batching, after a last {@link #flush()}: from then on {@link #add} hands each completion over at once and
     * may be called from any thread (a submission that raced the pool's end is failed by its submitter).
     */
    void unbatch() {
        unbatched = true;
    }

    /** Hands the gathered completions over; runs them here if the callback thread is gone. */
    void flush() {
        if (batch.isEmpty()) {
            return;
        }
        List<Runnable> ready = batch;
        batch = new ArrayList<>();
        execute(() -> ready.forEach(Runnable::run));
    }

    private void execute(Runnable action) {
        try {
            callbacks.execute(action);
        } catch (RejectedExecutionException e) {
            action.run();
        }
    }
}
