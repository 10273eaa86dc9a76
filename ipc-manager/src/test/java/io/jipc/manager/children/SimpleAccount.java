package io.jipc.manager.children;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** An {@link Account} starting at 1,000 and 0; a transfer moves the amount out, pauses, then moves it in. */
public class SimpleAccount implements Account {

    /** Counted down when a transfer is half-way (the manager in the test's JVM lets the test see it). */
    public static volatile CountDownLatch halfWay = new CountDownLatch(1);

    private long first = 1_000;
    private long second;
    private final AtomicInteger running = new AtomicInteger();
    private volatile int mostAtOnce;

    @Override
    public void transfer(long amount, long pauseMillis) {
        int now = running.incrementAndGet();
        mostAtOnce = Math.max(mostAtOnce, now);
        try {
            first -= amount;
            halfWay.countDown();
            Thread.sleep(pauseMillis);
            second += amount;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted half-way", e);
        } finally {
            running.decrementAndGet();
        }
    }

    @Override
    public long[] balances() {
        return new long[] {first, second};
    }

    @Override
    public void fail(String message) {
        throw new IllegalStateException(message);
    }

    @Override
    public void io(String message) throws java.io.IOException {
        throw new java.io.IOException(message);
    }

    @Override
    public Object unencodable() {
        return new Object();
    }

    @Override
    public byte[] bytes(int length) {
        return new byte[length];
    }

    @Override
    public int running() {
        return mostAtOnce;
    }
}
