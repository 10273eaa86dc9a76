package io.jipc.pool;

import org.agrona.DirectBuffer;

/** Where a job's results go: a submitted task's future, or a map's results. Called on the dispatcher thread. */
interface Sink {

    /** @return true once nothing more is wanted (completed, failed or cancelled): its jobs are skipped */
    boolean isDone();

    /**
     * Takes {@code count} results of {@code job}, starting with its input number {@code job.received}: each is a
     * length (i32) and the value's bytes, from {@code offset}.
     */
    void succeed(Job job, DirectBuffer buffer, int offset, int count);

    /** Fails the job's sink with {@code error}. */
    void fail(Job job, Throwable error);
}
