package io.jipc.examples.sync;

import java.time.Duration;

import io.jipc.shm.SharedLong;
import io.jipc.sync.IpcSemaphore;

/**
 * Enters a semaphore a few times; inside, counts itself in a shared gauge, records the most seen inside at once,
 * and works a little.
 * <p>
 * Arguments: {@code <semaphore uri> <permits> <shared-values prefix> <rounds> <work ms>}.
 */
public final class SemaphoreWorker {

    private SemaphoreWorker() {
    }

    public static void main(String[] args) throws InterruptedException {
        int permits = Integer.parseInt(args[1]);
        String prefix = args[2];
        int rounds = Integer.parseInt(args[3]);
        long workMillis = Long.parseLong(args[4]);
        try (IpcSemaphore toilets = IpcSemaphore.open(args[0], permits);
             SharedLong inside = SharedLong.open(prefix + "-inside");
             SharedLong most = SharedLong.open(prefix + "-most");
             SharedLong visits = SharedLong.open(prefix + "-visits");
             SharedLong ready = SharedLong.open(prefix + "-ready");
             SharedLong go = SharedLong.open(prefix + "-go")) {
            StartLine.await(ready, go, Duration.ofSeconds(60));
            for (int i = 0; i < rounds; i++) {
                try (IpcSemaphore.Permit p = toilets.acquire(Duration.ofSeconds(30))) {
                    long now = inside.addAndGet(p.count());
                    long seen;
                    while (now > (seen = most.get()) && !most.compareAndSet(seen, now)) {
                        Thread.onSpinWait();
                    }
                    visits.addAndGet(1);
                    Thread.sleep(workMillis);
                    inside.addAndGet(-p.count());
                }
            }
        }
    }
}
