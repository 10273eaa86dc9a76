package io.jipc.shm.sync.children;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.time.Duration;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import io.jipc.sync.IpcSemaphore;

/**
 * Enters a semaphore {@code rounds} times; inside, counts itself in a gauge (offset 0 of a mapped file) and records
 * the highest count seen (offset 64). Starts at the {@link StartLine} in the same file. Arguments: URI, permits, gauge file, rounds.
 */
public final class SemaphoreGaugeWorker {
    private SemaphoreGaugeWorker() {
    }

    public static void main(String[] args) {
        int rounds = Integer.parseInt(args[3]);
        MappedByteBuffer mapped = IoUtil.mapExistingFile(new File(args[2]), "gauge");
        UnsafeBuffer gauge = new UnsafeBuffer(mapped);
        try (IpcSemaphore semaphore = IpcSemaphore.open(args[0], Integer.parseInt(args[1]))) {
            StartLine.await(gauge);
            for (int i = 0; i < rounds; i++) {
                try (IpcSemaphore.Permit permit = semaphore.acquire(Duration.ofSeconds(30))) {
                    long inside = gauge.getAndAddLong(0, permit.count()) + 1;
                    long max;
                    while (inside > (max = gauge.getLongVolatile(64)) && !gauge.compareAndSetLong(64, max, inside)) {
                        Thread.onSpinWait();
                    }
                    long until = System.nanoTime() + 20_000;
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                    gauge.getAndAddLong(0, -1);
                }
            }
        } finally {
            IoUtil.unmap(mapped);
        }
    }
}
