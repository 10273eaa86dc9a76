package io.jipc.pool;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jipc.Channel;

/**
 * Ends a worker whose task overran its timeout: Java cannot stop a running task, so the worker closes its channel
 * (delivering the answers sent before the task started) and halts with {@link PoolProtocol#EXIT_TASK_TIMEOUT}; the
 * pool then knows which task overran and that none after it had started. A job is armed and disarmed with a
 * compare-and-set, so a task that finishes just as its time runs out is either answered or reported as overrun,
 * never both. Started on the first task with a timeout; checks every {@link #PERIOD_MS} ms.
 */
final class TaskWatchdog implements Runnable {

    static final long PERIOD_MS = 5;
    /** How long the answers sent before the overrun task may take to leave, and the pool to answer the close. */
    private static final java.time.Duration CLOSE_LINGER = java.time.Duration.ofSeconds(1);
    private static final long NONE = Long.MIN_VALUE;
    private static final long FIRED = Long.MIN_VALUE + 1;

    private final Channel channel;
    private final AtomicLong armed = new AtomicLong(NONE);
    private volatile long deadline;
    private volatile long timeoutNanos;
    private Thread thread;

    TaskWatchdog(Channel channel) {
        this.channel = channel;
    }

    /** Watches job {@code job} for {@code timeout} ns from now; does nothing when the timeout is 0. */
    void arm(long job, long timeout) {
        if (timeout <= 0) {
            return;
        }
        if (thread == null) {
            thread = new Thread(this, "jipc-pool-watchdog");
            thread.setDaemon(true);
            thread.start();
        }
        timeoutNanos = timeout;
        deadline = System.nanoTime() + timeout;
        armed.set(job);
    }

    /** Stops watching {@code job}; if the watchdog already fired for it, parks until the JVM halts. */
    void disarm(long job, long timeout) {
        if (timeout <= 0) {
            return;
        }
        if (!armed.compareAndSet(job, NONE) && armed.get() == FIRED) {
            while (true) {
                LockSupport.park(this);
            }
        }
    }

    @Override
    public void run() {
        while (true) {
            long job = armed.get();
            if (job != NONE && job != FIRED && System.nanoTime() - deadline >= 0 && armed.compareAndSet(job, FIRED)) {
                Log.LOG.warn("task {} overran its timeout of {} ms: worker {} stops", job,
                    TimeUnit.NANOSECONDS.toMillis(timeoutNanos), ProcessHandle.current().pid());
                try {
                    channel.close(CLOSE_LINGER);
                } finally {
                    Runtime.getRuntime().halt(PoolProtocol.EXIT_TASK_TIMEOUT);
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(PERIOD_MS));
        }
    }

    /** The logger, made on first use: starting SLF4J costs a worker tens of milliseconds on its way to ready. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(TaskWatchdog.class);
    }
}
