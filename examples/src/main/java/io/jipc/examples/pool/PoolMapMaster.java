package io.jipc.examples.pool;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import io.jipc.pool.ProcessPool;
import io.jipc.pool.RemoteTaskException;
import io.jipc.pool.TaskOptions;

/**
 * A CPU-bound map (count the primes in ranges) on one worker JVM, then on N, showing the speed-up; then a task
 * that throws, its worker's stack trace printed here.
 * <p>
 * Arguments: {@code [workers] [ranges]}, default the available processors (at least 2) and 48 ranges of 100,000 numbers.
 */
public final class PoolMapMaster {

    private static final long RANGE = 100_000;

    private PoolMapMaster() {
    }

    /** @return how many primes lie in [from, from + RANGE) */
    static long primesIn(long from) {
        long count = 0;
        for (long n = Math.max(2, from); n < from + RANGE; n++) {
            boolean prime = true;
            for (long d = 2; d * d <= n; d++) {
                if (n % d == 0) {
                    prime = false;
                    break;
                }
            }
            if (prime) {
                count++;
            }
        }
        return count;
    }

    /** A task that fails two calls deep, with a cause. */
    static long parseOrFail(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a range start: '" + text + "'", e);
        }
    }

    public static void main(String[] args) {
        int workers = args.length > 0 ? Integer.parseInt(args[0]) : Math.max(2, Runtime.getRuntime().availableProcessors());
        int ranges = args.length > 1 ? Integer.parseInt(args[1]) : 48;
        List<Long> starts = LongStream.range(0, ranges).map(i -> i * RANGE).boxed().collect(Collectors.toList());
        TaskOptions oneRangePerTask = TaskOptions.DEFAULTS.withChunkSize(1);

        double[] seconds = new double[2];
        long[] totals = new long[2];
        int[] sizes = {1, workers};
        for (int run = 0; run < 2; run++) {
            try (ProcessPool pool = ProcessPool.builder().workers(sizes[run]).build()) {
                pool.map(PoolMapMaster::primesIn, starts.subList(0, Math.min(4, ranges)), oneRangePerTask); // warm up
                long t0 = System.nanoTime();
                List<Long> counts = pool.map(PoolMapMaster::primesIn, starts, oneRangePerTask);
                seconds[run] = (System.nanoTime() - t0) / 1e9;
                totals[run] = counts.stream().mapToLong(Long::longValue).sum();
            }
            System.out.printf(Locale.ROOT, "%d worker%s: %,d primes below %,d in %.2f s%n", sizes[run],
                sizes[run] == 1 ? " " : "s", totals[run], ranges * RANGE, seconds[run]);
        }
        if (totals[0] != totals[1]) {
            throw new IllegalStateException("1 worker counted " + totals[0] + " primes, " + workers + " counted " + totals[1]);
        }
        System.out.printf(Locale.ROOT, "speed-up with %d workers: %.2fx (%d processors here)%n", workers,
            seconds[0] / seconds[1], Runtime.getRuntime().availableProcessors());

        try (ProcessPool pool = ProcessPool.builder().workers(1).build()) {
            pool.map(PoolMapMaster::parseOrFail, List.of("0", "100000", "two hundred thousand"));
            throw new IllegalStateException("the failing task did not fail");
        } catch (RemoteTaskException e) {
            System.out.println("the map failed on input #" + e.input().orElse(-1) + " in worker " + e.workerPid()
                + "; its trace, from the worker:");
            e.printStackTrace(System.out);
            if (!e.remoteClassName().equals(IllegalArgumentException.class.getName()) || e.input().orElse(-1) != 2
                    || e.remoteCause() == null
                    || !e.remoteCause().remoteClassName().equals(NumberFormatException.class.getName())) {
                throw new IllegalStateException("unexpected remote failure " + e, e);
            }
        }
        System.out.println("OK pool-map: same " + totals[1] + " primes on 1 and " + workers
            + " workers; the remote failure came back with its cause and trace");
    }
}
