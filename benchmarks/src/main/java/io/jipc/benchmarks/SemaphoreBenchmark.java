package io.jipc.benchmarks;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.jipc.benchmarks.SyncMeasure.Contender;
import io.jipc.sync.IpcSemaphore;

/**
 * {@code semaphore}: uncontended acquire+release of one permit of a 5-permit {@link IpcSemaphore}
 * ({@code tryAcquire(1, timeout)/release(1)}, and the try-with-resources {@code acquire(Duration)} form) against
 * {@code FileChannel.lock()}+release, in alternating rounds; then two processes handing a one-permit semaphore to
 * each other. Python's {@code BoundedSemaphore} is measured by {@code benchmarks/python/mp_lock.py}.
 */
public final class SemaphoreBenchmark implements BackendBenchmark {

    @Override
    public Map<String, String> run(boolean quick) throws Exception {
        int ops = quick ? 5_000_000 : 50_000_000;
        int rawOps = quick ? 50_000 : 500_000;
        int handoffs = quick ? 200_000 : 2_000_000;
        int rounds = quick ? 3 : 5;
        Path dir = SyncMeasure.directory();
        String base = "shm:" + dir.resolve("jipc-bench-" + ProcessHandle.current().pid());
        String five = base + "-5.sem";
        String one = base + "-1.sem";
        try (IpcSemaphore semaphore = IpcSemaphore.open(five, 5); FileChannel raw = SyncMeasure.rawFile(dir)) {
            Duration timeout = Duration.ofSeconds(5);
            double[] rates = SyncMeasure.alternate(rounds,
                new Contender("tryAcquire/release", n -> {
                    for (int i = 0; i < n; i++) {
                        if (!semaphore.tryAcquire(1, timeout)) {
                            throw new IllegalStateException("uncontended acquire timed out");
                        }
                        semaphore.release(1);
                    }
                }, ops),
                new Contender("acquire/close", n -> {
                    for (int i = 0; i < n; i++) {
                        try (IpcSemaphore.Permit permit = semaphore.acquire(timeout)) {
                            if (permit.previousHolderDied()) {
                                throw new IllegalStateException("nobody died here");
                            }
                        }
                    }
                }, ops),
                new Contender("FileChannel.lock", SyncMeasure.fileLock(raw), rawOps));
            double handoff = SyncMeasure.handoffRate("semaphore", one, handoffs);

            new Table("operation", "ops/s", "ns/op")
                .row("IpcSemaphore(5) tryAcquire(1)+release(1), uncontended", Stats.rate(rates[0]), Stats.micros(1e9 / rates[0]))
                .row("IpcSemaphore(5) acquire(timeout)+close(), uncontended", Stats.rate(rates[1]), Stats.micros(1e9 / rates[1]))
                .row("FileChannel.lock()+release() (raw)", Stats.rate(rates[2]), Stats.micros(1e9 / rates[2]))
                .row("IpcSemaphore(1) hand-off between two processes", Stats.rate(handoff), Stats.micros(1e9 / handoff))
                .print(System.out);

            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("ops_per_s", Stats.whole(rates[0]));
            fields.put("raw_ops_per_s", Stats.whole(rates[2]));
            fields.put("speedup", Stats.ratio(rates[0] / rates[2]));
            fields.put("ns_per_op", Stats.micros(1e9 / rates[0]));
            fields.put("permit_ops_per_s", Stats.whole(rates[1]));
            fields.put("handoffs_per_s", Stats.whole(handoff));
            return fields;
        } finally {
            IpcSemaphore.unlink(five);
            IpcSemaphore.unlink(one);
        }
    }
}
