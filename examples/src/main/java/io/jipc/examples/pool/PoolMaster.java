package io.jipc.examples.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.jipc.pool.ProcessPool;

/**
 * Python's classic {@code Pool(3)} demo on worker JVMs: ten tasks that each sleep 2 s and return {@code i + 100},
 * submitted at once ({@code apply_async}), each with a completion callback that prints the result and the pid of the
 * worker that ran it. Three run at a time, so it takes about 8 s.
 * <p>
 * Arguments: {@code [workers] [tasks] [sleep ms]}, default 3, 10 and 2000.
 */
public final class PoolMaster {

    private PoolMaster() {
    }

    /** What a task returns: its value and where it ran. */
    public record Done(int value, long pid) implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** The task: sleeps, then returns {@code n + 100} and this worker's pid. */
    static Done slowPlus100(int n, long sleepMillis) throws InterruptedException {
        Thread.sleep(sleepMillis);
        return new Done(n + 100, ProcessHandle.current().pid());
    }

    public static void main(String[] args) {
        int workers = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int tasks = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        long sleep = args.length > 2 ? Long.parseLong(args[2]) : 2_000;
        long started = System.nanoTime();
        Set<Long> pids = ConcurrentHashMap.newKeySet();
        List<Integer> results = new ArrayList<>();
        try (ProcessPool pool = ProcessPool.builder().workers(workers).allow(Done.class).build()) {
            System.out.printf(Locale.ROOT, "pool of %d worker JVMs %s ready in %d ms%n", workers, pool.workerPids(),
                (System.nanoTime() - started) / 1_000_000);
            long submitted = System.nanoTime();
            List<CompletableFuture<Done>> futures = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                int n = i;
                futures.add(pool.submit(() -> slowPlus100(n, sleep))
                    .whenComplete((r, error) -> {
                        double at = (System.nanoTime() - submitted) / 1e9;
                        if (error != null) {
                            System.out.printf(Locale.ROOT, "%5.1f s  task %d failed: %s%n", at, n, error);
                        } else {
                            pids.add(r.pid());
                            System.out.printf(Locale.ROOT, "%5.1f s  task %d -> %d  (worker pid %d)%n", at, n, r.value(), r.pid());
                        }
                    }));
            }
            for (CompletableFuture<Done> f : futures) {
                results.add(f.join().value());
            }
            double seconds = (System.nanoTime() - submitted) / 1e9;
            for (int i = 0; i < tasks; i++) {
                if (results.get(i) != i + 100) {
                    throw new IllegalStateException("task " + i + " returned " + results.get(i) + ", expected " + (i + 100));
                }
            }
            if (pids.size() > workers) {
                throw new IllegalStateException("tasks ran in " + pids.size() + " workers, the pool has " + workers);
            }
            double expected = Math.ceil((double) tasks / workers) * sleep / 1000.0;
            System.out.printf(Locale.ROOT, "%d tasks of %.1f s on %d workers took %.1f s (ideal %.1f s)%n", tasks,
                sleep / 1000.0, workers, seconds, expected);
            if (seconds > expected * 1.5 + 1) {
                throw new IllegalStateException("took " + seconds + " s; expected about " + expected + " s");
            }
        }
        for (long pid : pids) {
            if (ProcessHandle.of(pid).isPresent()) {
                throw new IllegalStateException("worker " + pid + " still runs after close()");
            }
        }
        System.out.println("OK pool: " + tasks + " results in order from " + pids.size() + " worker JVMs, all stopped");
    }
}
