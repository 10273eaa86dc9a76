package io.jipc.examples.shm;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
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
import io.jipc.shm.SharedLong;

/**
 * Binds an shm: server, starts worker JVMs that connect to it, deals out tasks (count the primes in a range) with a
 * few in flight per worker, gathers the answers, and checks their total against a count made here and the number of
 * tasks against the shared counter the workers incremented.
 * <p>
 * Arguments: {@code [workers] [tasks]}, default 4 workers and 20,000 tasks.
 */
public final class ShmMaster {

    private static final int WINDOW = 32;
    private static final long RANGE = 200;

    private ShmMaster() {
    }

    public static void main(String[] args) throws IOException {
        int workerCount = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int tasks = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        String base = "shm:jipc-example-shm-" + ProcessHandle.current().pid();   // under /dev/shm (or the temp dir)
        String counterUri = base + "/done";
        long started = System.nanoTime();
        long total;
        long counted;
        long ready;
        long finished;
        Path directory;
        List<JvmProcess> workers = new ArrayList<>();
        try (ChannelServer server = Ipc.bind(base + "/tasks");
             SharedLong done = SharedLong.open(counterUri)) {
            directory = done.segment().path().getParent();
            workers.addAll(JvmProcess.builder(ShmWorker.class).args(server.endpoint().toString(), counterUri).start(workerCount));
            List<Channel> channels = new ArrayList<>();
            try {
                for (int i = 0; i < workerCount; i++) {
                    channels.add(server.accept(Duration.ofSeconds(30)));
                }
                ready = System.nanoTime();
                total = run(channels, tasks);
                finished = System.nanoTime();
                counted = done.get();
            } finally {
                channels.forEach(Channel::close);     // each worker sees end-of-stream and exits
                workers.forEach(JvmProcess::close);
            }
        } finally {
            SharedLong.unlink(counterUri);
        }
        Files.deleteIfExists(directory);
        long expected = ShmWorker.countPrimes(0, tasks * RANGE);
        if (total != expected) {
            throw new IllegalStateException("workers counted " + total + " primes, expected " + expected);
        }
        if (counted != tasks) {
            throw new IllegalStateException("the shared counter says " + counted + " tasks were done, expected " + tasks);
        }
        for (JvmProcess worker : workers) {
            if (worker.exitCode().orElse(-1) != 0) {
                throw new IllegalStateException(worker + " exited with " + worker.exitCode());
            }
        }
        double seconds = (finished - ready) / 1e9;
        System.out.printf(Locale.ROOT, "tasks: %,d  workers: %d  primes below %,d: %,d  shared counter: %,d%n",
            tasks, workerCount, tasks * RANGE, total, counted);
        System.out.printf(Locale.ROOT, "start-up: %d ms  work: %.2f s  messages: %,.0f/s (both ways)%n",
            (ready - started) / 1_000_000, seconds, 2 * tasks / seconds);
        System.out.println("OK shm: " + tasks + " tasks on " + workerCount + " worker JVMs over shared memory, "
            + "every worker exited 0, nothing left in " + directory);
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
                    task.putLong(0, next, ByteOrder.BIG_ENDIAN);
                    task.putLong(8, next * RANGE, ByteOrder.BIG_ENDIAN);
                    task.putLong(16, (next + 1) * RANGE, ByteOrder.BIG_ENDIAN);
                    channel.send(task, 0, 24, Duration.ofSeconds(10));
                    inFlight[w]++;
                    next++;
                }
            }
            for (Channel ready : Ipc.wait(channels, Duration.ofMinutes(2))) {   // IpcTimeoutException: no answer for 2 minutes
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
