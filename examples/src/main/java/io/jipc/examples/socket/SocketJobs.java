package io.jipc.examples.socket;

import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import io.jipc.Channel;
import io.jipc.ChannelServer;
import io.jipc.Ipc;
import io.jipc.process.JvmProcess;

/**
 * What the tcp and unix masters share: accept the workers, deal out tasks (count the primes in a range) with a few in
 * flight per worker, gather the answers with {@code Ipc.wait}, check them, close, and summarise.
 */
final class SocketJobs {

    private static final int WINDOW = 32;
    private static final long RANGE = 200;

    private SocketJobs() {
    }

    /** Runs {@code tasks} tasks on the workers connecting to {@code server}; returns the summary line. */
    static String run(String name, ChannelServer server, List<JvmProcess> workers, int tasks, long started) {
        List<Channel> channels = new ArrayList<>();
        long total;
        long ready;
        long finished;
        try {
            for (int i = 0; i < workers.size(); i++) {
                channels.add(server.accept(Duration.ofSeconds(30)));   // IpcTimeoutException when a worker never came
            }
            ready = System.nanoTime();
            total = deal(channels, tasks);
            finished = System.nanoTime();
        } finally {
            channels.forEach(Channel::close);                          // each worker sees end-of-stream and exits
            workers.forEach(JvmProcess::close);
        }
        long expected = SocketWorker.countPrimes(0, tasks * RANGE);
        if (total != expected) {
            throw new IllegalStateException("workers counted " + total + " primes, expected " + expected);
        }
        for (JvmProcess worker : workers) {
            if (worker.exitCode().orElse(-1) != 0) {
                throw new IllegalStateException(worker + " exited with " + worker.exitCode());
            }
        }
        double seconds = (finished - ready) / 1e9;
        System.out.printf(Locale.ROOT, "tasks: %,d  workers: %d  primes below %,d: %,d%n", tasks, workers.size(),
            tasks * RANGE, total);
        System.out.printf(Locale.ROOT, "start-up: %d ms  work: %.2f s  messages: %,.0f/s (both ways)%n",
            (ready - started) / 1_000_000, seconds, 2 * tasks / seconds);
        return "OK " + name + ": " + tasks + " tasks on " + workers.size() + " worker JVMs over " + server.endpoint()
            + ", every worker exited 0";
    }

    /** Deals tasks round-robin with up to {@link #WINDOW} in flight per worker; returns the sum of the answers. */
    private static long deal(List<Channel> channels, int tasks) {
        UnsafeBuffer task = new UnsafeBuffer(new byte[24]);
        int[] inFlight = new int[channels.size()];
        long[] sum = {0};
        int[] answered = {0};
        boolean[] seen = new boolean[tasks];
        int next = 0;
        while (answered[0] < tasks) {
            for (int w = 0; w < channels.size(); w++) {
                while (inFlight[w] < WINDOW && next < tasks) {
                    task.putLong(0, next, ByteOrder.BIG_ENDIAN);
                    task.putLong(8, next * RANGE, ByteOrder.BIG_ENDIAN);
                    task.putLong(16, (next + 1) * RANGE, ByteOrder.BIG_ENDIAN);
                    channels.get(w).send(task, 0, 24, Duration.ofSeconds(10));
                    inFlight[w]++;
                    next++;
                }
            }
            for (Channel ready : Ipc.wait(channels, Duration.ofMinutes(2))) {   // woken by the event loop
                int worker = channels.indexOf(ready);
                ready.poll((DirectBuffer buffer, int offset, int length) -> {
                    int id = (int) buffer.getLong(offset, ByteOrder.BIG_ENDIAN);
                    if (seen[id]) {
                        throw new IllegalStateException("task " + id + " answered twice");
                    }
                    seen[id] = true;
                    sum[0] += buffer.getLong(offset + 8, ByteOrder.BIG_ENDIAN);
                    answered[0]++;
                    inFlight[worker]--;
                }, WINDOW);
            }
        }
        return sum[0];
    }
}
