package io.jipc.benchmarks;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.jipc.benchmarks.SyncMeasure.Contender;
import io.jipc.sync.IpcLock;

/**
 * {@code lock}: uncontended acquire+release of an {@link IpcLock} ({@code lock()/unlock()}, and the
 * try-with-resources {@code acquire(Duration)} form) against {@code FileChannel.lock()}+release on a file in the
 * same directory and against a bare compare-and-set lock on a mapped word (the hardware's floor), in alternating
 * rounds; then the rate at which two processes hand the lock to each other.
 * Python's {@code multiprocessing.Lock} is measured the same way by {@code benchmarks/python/mp_lock.py}.
 */
public final class LockBenchmark implements BackendBenchmark {

    @Override
    public Map<String, String> run(boolean quick) throws Exception {
        int ops = quick ? 5_000_000 : 50_000_000;
        int rawOps = quick ? 50_000 : 500_000;
        int handoffs = quick ? 200_000 : 2_000_000;
        int rounds = quick ? 3 : 5;
        Path dir = SyncMeasure.directory();
        String uri = "shm:" + dir.resolve("jipc-bench-" + ProcessHandle.current().pid() + ".lock");
        Path wordFile = dir.resolve("jipc-bench-cas-" + ProcessHandle.current().pid());
        java.nio.MappedByteBuffer mapped = org.agrona.IoUtil.mapNewFile(wordFile.toFile(), 4096);
        try (IpcLock lock = IpcLock.open(uri); FileChannel raw = SyncMeasure.rawFile(dir)) {
            Duration timeout = Duration.ofSeconds(5);
            double[] rates = SyncMeasure.alternate(rounds,
                new Contender("lock/unlock", n -> {
                    for (int i = 0; i < n; i++) {
                        lock.lock();
                        lock.unlock();
                    }
                }, ops),
                new Contender("acquire/close", n -> {
                    for (int i = 0; i < n; i++) {
                        try (IpcLock.Held held = lock.acquire(timeout)) {
                            if (held.previousOwnerDied()) {
                                throw new IllegalStateException("nobody died here");
                            }
                        }
                    }
                }, ops),
                new Contender("FileChannel.lock", SyncMeasure.fileLock(raw), rawOps),
                new Contender("bare CAS lock", SyncMeasure.casLock(new org.agrona.concurrent.UnsafeBuffer(mapped)), ops));
            double handoff = SyncMeasure.handoffRate("lock", uri, handoffs);

            new Table("operation", "ops/s", "ns/op")
                .row("IpcLock lock()+unlock(), uncontended", Stats.rate(rates[0]), Stats.micros(1e9 / rates[0]))
                .row("IpcLock acquire(timeout)+close(), uncontended", Stats.rate(rates[1]), Stats.micros(1e9 / rates[1]))
                .row("FileChannel.lock()+release() (raw)", Stats.rate(rates[2]), Stats.micros(1e9 / rates[2]))
                .row("bare CAS + release store on a mapped word (floor)", Stats.rate(rates[3]),
                    Stats.micros(1e9 / rates[3]))
                .row("hand-off between two processes", Stats.rate(handoff), Stats.micros(1e9 / handoff))
                .print(System.out);

            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("ops_per_s", Stats.whole(rates[0]));
            fields.put("raw_ops_per_s", Stats.whole(rates[2]));
            fields.put("speedup", Stats.ratio(rates[0] / rates[2]));
            fields.put("ns_per_op", Stats.micros(1e9 / rates[0]));
            fields.put("cas_ns_per_op", Stats.micros(1e9 / rates[3]));
            fields.put("cas_ratio", Stats.ratio(rates[3] / rates[0]));
            fields.put("held_ops_per_s", Stats.whole(rates[1]));
            fields.put("handoffs_per_s", Stats.whole(handoff));
            return fields;
        } finally {
            IpcLock.unlink(uri);
            org.agrona.IoUtil.unmap(mapped);
            Files.deleteIfExists(wordFile);
        }
    }
}
