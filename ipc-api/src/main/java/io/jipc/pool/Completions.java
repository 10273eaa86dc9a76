package io.jipc.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Future completions gathered by the dispatcher during one duty cycle and handed to the callback thread in one go:
 * one hand-off (and one wake-up) per cycle instead of one per task, and no user callback on the dispatcher thread.
 * Dispatcher thread only.
 */
final class Completions {

    private final Executor callbacks;
    private List<Runnable> batch = new ArrayList<>();

    Completions(Executor callbacks) {
        this.callbacks = callbacks;
    }

    void add(Runnable completion) {
        batch.add(completion);
    }

    /** Hands the gathered completions over; runs them here if the callback thread is gone. */
    void flush() {
        if (batch.isEmpty()) {
            return;
        }
        List<Runnable> ready = batch;
        batch = new ArrayList<>();
        Runnable all = () -> ready.forEach(Runnable::run);
        try {
            callbacks.execute(all);
        } catch (RejectedExecutionException e) {
            all.run();
        }
    }
}
