package io.jipc.examples.sync;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import io.jipc.process.JvmProcess;
import io.jipc.shm.SharedLong;
import io.jipc.sync.IpcLock;

/**
 * Python's "counter under a lock" across JVMs: worker JVMs each add 1 to a shared counter 100,000 times, first
 * without a lock (increments get lost), then under an {@link IpcLock} (the total is exact).
 * <p>
 * Arguments: {@code [workers] [iterations]}, default 5 workers and 100,000 iterations each.
 */
public final class CounterMaster {

    private CounterMaster() {
    }

    public static void main(String[] args) {
        int workers = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        long expected = (long) workers * iterations;
        String base = "shm:jipc-example-counter-" + ProcessHandle.current().pid();
        String lockUri = base + ".lock";
        try {
            long[] unlocked = run("unlocked", workers, iterations, lockUri, base);
            long[] locked = run("locked", workers, iterations, lockUri, base);
            System.out.printf(Locale.ROOT, "without the lock: %,d of %,d (%,d increments lost) in %d ms%n",
                unlocked[0], expected, expected - unlocked[0], unlocked[1]);
            System.out.printf(Locale.ROOT, "with the lock:    %,d of %,d in %d ms (%d worker JVMs started together)%n",
                locked[0], expected, locked[1], workers);
            if (locked[0] != expected) {
                throw new IllegalStateException("the locked counter is " + locked[0] + ", expected " + expected);
            }
        } finally {
            IpcLock.unlink(lockUri);
            for (String name : List.of("", "-ready", "-go")) {
                SharedLong.unlink(base + name);
            }
        }
        System.out.printf(Locale.ROOT, "OK counter: %d worker JVMs x %,d increments under the lock = %,d%n",
            workers, iterations, expected);
    }

    /** Runs one round of workers from a zeroed counter; returns the counter they leave and the ms from go to done. */
    private static long[] run(String mode, int workers, int iterations, String lockUri, String base) {
        try (SharedLong counter = SharedLong.open(base);
             SharedLong ready = SharedLong.open(base + "-ready");
             SharedLong go = SharedLong.open(base + "-go")) {
            counter.set(0);
            ready.set(0);
            go.set(0);
            List<JvmProcess> started = JvmProcess.builder(CounterWorker.class)
                .args(mode, lockUri, base, base, Integer.toString(iterations)).start(workers);
            try {
                StartLine.release(ready, go, workers, Duration.ofSeconds(60));
                long start = System.nanoTime();
                for (JvmProcess worker : started) {
                    if (!worker.join(Duration.ofSeconds(60))) {
                        throw new IllegalStateException(worker + " did not finish within 60 s");
                    }
                    if (worker.exitCode().orElse(-1) != 0) {
                        throw new IllegalStateException(worker + " exited with " + worker.exitCode());
                    }
                }
                return new long[] {counter.get(), (System.nanoTime() - start) / 1_000_000};
            } finally {
                started.forEach(JvmProcess::close);
            }
        }
    }
}
