package io.jipc.pool;

import io.jipc.internal.jfr.Jfr;

/**
 * One unit sent to a worker: a submitted task (its encoded bytes), or a run of a map's inputs (a chunk).
 * Owned by the dispatcher thread once submitted.
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
        this(sink, task, null, original, first, count, timeoutNanos, idempotent);
    }

    Job(Sink sink, byte[] task, LambdaShape shape, Object original, int first, int count, long timeoutNanos,
        boolean idempotent) {
        this.sink = sink;
        this.task = task;
        this.shape = shape;
        this.original = original;
        this.first = first;
        this.count = count;
        this.timeoutNanos = timeoutNanos;
        this.idempotent = idempotent;
    }
}
