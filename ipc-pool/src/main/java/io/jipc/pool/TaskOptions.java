package io.jipc.pool;

import java.time.Duration;

/**
 * How the pool runs a task or the tasks of a map: an immutable value, built from {@link #DEFAULTS} with the withers.
 *
 * @param timeout    longest run time of one task (of one chunk, for a chunked map) in its worker, or
 *                   {@link Duration#ZERO} for none; on expiry the worker is stopped and replaced and the task fails
 *                   with {@link TaskTimeoutException}
 * @param idempotent true when a task may run twice: if its worker dies while holding it, it is retried once on
 *                   another worker instead of failing with {@link WorkerDiedException}
 * @param chunkSize  for {@code map}: inputs per message to a worker; 0 picks one (a few chunks per worker), 1 sends
 *                   each input alone
 */
public record TaskOptions(Duration timeout, boolean idempotent, int chunkSize) {

    /** No timeout, not idempotent, automatic chunking. */
    public static final TaskOptions DEFAULTS = new TaskOptions(Duration.ZERO, false, 0);

    /** Validates. */
    public TaskOptions {
        if (timeout == null || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be zero (none) or positive, was " + timeout);
        }
        if (chunkSize < 0) {
            throw new IllegalArgumentException("chunkSize must be 0 (automatic) or positive, was " + chunkSize);
        }
    }

    /** @return these options with a run-time limit per task ({@link Duration#ZERO}: none) */
    public TaskOptions withTimeout(Duration limit) {
        return new TaskOptions(limit, idempotent, chunkSize);
    }

    /** @return these options with the idempotent flag: retried once if its worker dies */
    public TaskOptions withIdempotent(boolean value) {
        return new TaskOptions(timeout, value, chunkSize);
    }

    /** @return these options with an explicit chunk size for {@code map} (0: automatic) */
    public TaskOptions withChunkSize(int size) {
        return new TaskOptions(timeout, idempotent, size);
    }
}
