package io.jipc.examples.pipe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import io.jipc.Channel;
import io.jipc.Ipc;
import io.jipc.process.JvmProcess;

/**
 * Starts worker JVMs, deals out tasks (count the primes in a range) over each worker's pipe, keeping a few in
 * flight per worker, gathers the answers and checks their total against a count made here.
 * <p>
 * Arguments: {@code [workers] [tasks]}, default 4 workers and 20,000 tasks.
 */
public final class PipeMaster {

    private static final int WINDOW = 32;
    private static final long RANGE = 200;

    private PipeMaster() {
    }

    public static void main(String[] args) {
        int workerCount = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int tasks = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        long started = System.nanoTime();
        List<JvmProcess> workers = JvmProcess.builder(PipeWorker.class).start(workerCount);
        try {
            List<Channel> channels = new ArrayList<>();
            for (JvmProcess worker : workers) {
                channels.add(worker.channel());
            }
            long ready = System.nanoTime();
            long total = run(channels, tasks);
            long finished = System.nanoTime();
            long expected = PipeWorker.countPrimes(0, tasks * RANGE);
            if (total != expected) {
                throw new IllegalStateException("workers counted " + total + " primes, expected " + expected);
            }
            double seconds = (finished - ready) / 1e9;
            System.out.printf(Locale.ROOT, "tasks: %,d  workers: %d  primes below %,d: %,d%n", tasks, workerCount, tasks * RANGE, total);
            System.out.printf(Locale.ROOT, "start-up: %d ms  work: %.2f s  messages: %,.0f/s (both ways)%n",
                (ready - started) / 1_000_000, seconds, 2 * tasks / seconds);
        } finally {
            workers.forEach(JvmProcess::close);
        }
        for (JvmProcess worker : workers) {
            if (worker.exitCode().orElse(-1) != 0) {
                throw new IllegalStateException(worker + " exited with " + worker.exitCode());
            }
        }
        System.out.println("OK pipe: " + tasks + " tasks on " + workerCount + " worker JVMs, every worker exited 0");
    }

    /** Deals tasks round-robin with up to {@link #WINDOW} in flight per worker; returns the sum of the answers. */
    private static long run(List<Channel> channels, int tasks) {
        UnsafeBuffer task = new UnsafeBuffer(new byte[24]);
        int[] inFlight = new int[channels.size()];
        long[] sum = {0};
        int[] answered = {0};
        boolean[] seen = new boolean[tasks];
        int next = 0;
        while (answered[0] < tasks) {
            for (int w = 0; w < channels.size(); w++) {
                Channel channel = channels.get(w);
                while (inFlight[w] < WINDOW && next < tasks) {
                    task.putLong(0, next, java.nio.ByteOrder.BIG_ENDIAN);
                    task.putLong(8, next * RANGE, java.nio.ByteOrder.BIG_ENDIAN);
                    task.putLong(16, (next + 1) * RANGE, java.nio.ByteOrder.BIG_ENDIAN);
                    channel.send(task, 0, 24, Duration.ofSeconds(10));
                    inFlight[w]++;
                    next++;
                }
            }
            for (Channel ready : Ipc.wait(channels, Duration.ofMinutes(2))) {   // IpcTimeoutException: no answer for 2 minutes
                int worker = channels.indexOf(ready);
                ready.poll((DirectBuffer buffer, int offset, int length) -> {
                    int id = (int) buffer.getLong(offset, java.nio.ByteOrder.BIG_ENDIAN);
                    if (seen[id]) {
                        throw new IllegalStateException("task " + id + " answered twice");
                    }
                    seen[id] = true;
                    sum[0] += buffer.getLong(offset + 8, java.nio.ByteOrder.BIG_ENDIAN);
                    answered[0]++;
                    inFlight[worker]--;
                }, WINDOW);
            }
        }
        return sum[0];
    }
}
