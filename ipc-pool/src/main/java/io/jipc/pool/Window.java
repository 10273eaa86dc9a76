package io.jipc.pool;

/**
 * How many jobs a worker is given ahead of its answers: sized from the measured run time of jobs so that each worker
 * has about {@link #QUEUED_NANOS} of work queued (a task: a submitted task, a chunk, or one input of a run at chunk
 * size 1). Tiny tasks flow back to back (up to {@link #MAX} at a time); long
 * ones are handed out one at a time, so they balance over the workers like Python's pool. Dispatcher thread only.
 */
final class Window {

    /**
     * Most tasks queued in one worker: a map's tiny inputs at chunk size 1 travel as runs of one record, so a deep
     * queue costs a few bytes a task and keeps a worker busy while its answers travel back.
     */
    static final int MAX = 8192;
    /** A worker is given about this much work ahead. */
    static final long QUEUED_NANOS = 2_000_000;

    private double averageJobNanos;

    /** Takes the run time of one answered job into the average (weight 1/10). */
    void measured(long runNanos) {
        averageJobNanos = averageJobNanos <= 0 ? Math.max(1, runNanos) : averageJobNanos * 0.9 + runNanos * 0.1;
    }

    /** @return how many jobs a worker may hold now: 1 until a run time was measured */
    int size() {
        if (averageJobNanos <= 0) {
            return 1;
        }
        return (int) Math.max(1, Math.min(MAX, QUEUED_NANOS / averageJobNanos));
    }
}
