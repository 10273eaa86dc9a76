package io.jipc.pool;

import io.jipc.internal.jfr.Jfr;

/**
 * One unit sent to a worker: a submitted task (its encoded bytes), or a run of a map's inputs: a chunk (one task), or
 * inputs that are each a task of their own (chunk size 1: each its own timeout and answer, counted one by one in the
 * worker's {@link Window} and task limit; the dealer cuts such a run to what a worker may take). Owned by the
 * dispatcher thread once submitted.
 */
final class Job {

    final Sink sink;
    /** The encoded {@link Task} of a CALL; null for a map's chunk. */
    final byte[] task;
    /** The lambda shape of a CALL_LAMBDA ({@link #task} then holds the captured values); null otherwise. */
    final LambdaShape shape;
    /** What was submitted, for {@link ProcessPool#shutdownNow()}; may be null. */
    final Object original;
    final long timeoutNanos;
    final boolean idempotent;
    /** True for a run of a map's inputs that are each a task of their own (chunk size 1). */
    final boolean each;
    /** A chunk's first input; 0 for a task. */
    int first;
    /** Inputs in this job: 1 for a task. */
    int count;
    /** Results received so far (a chunk's results may come in several records). */
    int received;
    /** Id on the wire, new at each dispatch. */
    long id;
    /** How many times it was sent to a worker. */
    int attempts;
    /** When it was submitted and last sent, for Flight Recorder's pool task event (0 when not recording). */
    final long queuedAt = Jfr.poolClock();
    long sentAt;

    Job(Sink sink, byte[] task, Object original, int first, int count, long timeoutNanos, boolean idempotent) {
        this(sink, task, null, original, first, count, timeoutNanos, idempotent, false);
    }

    Job(Sink sink, byte[] task, LambdaShape shape, Object original, int first, int count, long timeoutNanos,
        boolean idempotent) {
        this(sink, task, shape, original, first, count, timeoutNanos, idempotent, false);
    }

    private Job(Sink sink, byte[] task, LambdaShape shape, Object original, int first, int count, long timeoutNanos,
        boolean idempotent, boolean each) {
        this.sink = sink;
        this.task = task;
        this.shape = shape;
        this.original = original;
        this.first = first;
        this.count = count;
        this.timeoutNanos = timeoutNanos;
        this.idempotent = idempotent;
        this.each = each;
    }

    /** @return a run of {@code count} inputs of a map from {@code first}, each a task of its own */
    static Job each(MapCall call, int first, int count, long timeoutNanos, boolean idempotent) {
        return new Job(call, null, null, null, first, count, timeoutNanos, idempotent, true);
    }

    /**
     * Cuts this run of inputs after its first {@code keep}.
     *
     * @return the inputs cut off, as a new job of the same kind
     */
    Job cut(int keep) {
        Job rest = new Job(sink, null, null, null, first + keep, count - keep, timeoutNanos, idempotent, each);
        count = keep;
        return rest;
    }

    /** @return the tasks this job still counts for: its unanswered inputs when each is a task, else 1 */
    int tasks() {
        return each ? count - received : 1;
    }
}
