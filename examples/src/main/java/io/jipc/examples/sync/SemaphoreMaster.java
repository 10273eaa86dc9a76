package io.jipc.examples.sync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

import io.jipc.process.JvmProcess;
import io.jipc.shm.SharedLong;
import io.jipc.sync.IpcSemaphore;

/**
 * Python's "at most five at once" across JVMs: 22 worker JVMs share an {@link IpcSemaphore} of 5 permits; a
 * shared gauge records the most inside at once, which must never pass 5, and every worker must finish. Before
 * they start, one more worker takes a permit and is killed with -9 while inside: its permit comes back to the
 * others (with Python's semaphore it would be gone for good).
 * <p>
 * Arguments: {@code [workers] [permits] [rounds]}, default 22 workers, 5 permits, 3 rounds each of 20 ms.
 */
public final class SemaphoreMaster {

    private static final List<String> VALUES = List.of("-inside", "-most", "-visits", "-ready", "-go");

    private SemaphoreMaster() {
    }

    public static void main(String[] args) {
        int workers = args.length > 0 ? Integer.parseInt(args[0]) : 22;
        int permits = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        String prefix = "shm:jipc-example-toilets-" + ProcessHandle.current().pid();
        String victimPrefix = prefix + "-victim";
        String semaphoreUri = prefix + ".sem";
        List<JvmProcess> started = new ArrayList<>();
        long most;
        long visits;
        long millis;
        try (IpcSemaphore toilets = IpcSemaphore.open(semaphoreUri, permits);
             SharedLong mostInside = SharedLong.open(prefix + "-most");
             SharedLong visitCount = SharedLong.open(prefix + "-visits");
             SharedLong ready = SharedLong.open(prefix + "-ready");
             SharedLong go = SharedLong.open(prefix + "-go");
             SharedLong victimReady = SharedLong.open(victimPrefix + "-ready");
             SharedLong victimGo = SharedLong.open(victimPrefix + "-go")) {
            // the victim: one visit of ten minutes, cut short by kill -9
            JvmProcess victim = JvmProcess.builder(SemaphoreWorker.class)
                .args(semaphoreUri, Integer.toString(permits), victimPrefix, "1", "600000").start();
            started.add(victim);
            StartLine.release(victimReady, victimGo, 1, Duration.ofSeconds(60));
            awaitAvailable(toilets, permits - 1, Duration.ofSeconds(30));

            started.addAll(JvmProcess.builder(SemaphoreWorker.class)
                .args(semaphoreUri, Integer.toString(permits), prefix, Integer.toString(rounds), "20").start(workers));
            StartLine.release(ready, go, workers, Duration.ofSeconds(120));
            long start = System.nanoTime();
            victim.kill();
            for (JvmProcess worker : started.subList(1, started.size())) {
                if (!worker.join(Duration.ofSeconds(120))) {
                    throw new IllegalStateException(worker + " did not finish within 120 s");
                }
                if (worker.exitCode().orElse(-1) != 0) {
                    throw new IllegalStateException(worker + " exited with " + worker.exitCode());
                }
            }
            millis = (System.nanoTime() - start) / 1_000_000;
            most = mostInside.get();
            visits = visitCount.get();
            if (most > permits) {
                throw new IllegalStateException(most + " workers were inside at once, with " + permits + " permits");
            }
            if (visits != (long) workers * rounds) {
                throw new IllegalStateException(visits + " visits, expected " + workers * rounds);
            }
            if (toilets.available() != permits) {
                throw new IllegalStateException(toilets.available() + " of " + permits + " permits free after the run");
            }
        } finally {
            started.forEach(JvmProcess::close);
            IpcSemaphore.unlink(semaphoreUri);
            for (String name : VALUES) {
                SharedLong.unlink(prefix + name);
                SharedLong.unlink(victimPrefix + name);
            }
        }
        System.out.printf(Locale.ROOT, "%d worker JVMs, %d permits: %d visits of 20 ms in %d ms, at most %d inside at once%n",
            workers, permits, visits, millis, most);
        System.out.printf(Locale.ROOT, "a worker killed with -9 while holding a permit: its permit came back (%d of %d free at the end)%n",
            permits, permits);
        System.out.printf(Locale.ROOT, "OK semaphore: never more than %d of %d workers inside at once, all %d finished%n",
            permits, workers, workers);
    }

    /** Waits until exactly {@code available} permits are free. */
    private static void awaitAvailable(IpcSemaphore semaphore, int available, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (semaphore.available() != available) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(semaphore.available() + " permits free after " + timeout
                    + ", expected " + available);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }
}
