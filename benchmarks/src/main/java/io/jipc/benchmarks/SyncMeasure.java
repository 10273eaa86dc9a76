package io.jipc.benchmarks;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

import io.jipc.process.JvmProcess;
import io.jipc.shm.SharedLong;

/**
 * What the {@code lock} and {@code semaphore} benchmarks share: uncontended loops timed in alternating rounds (so
 * jipc and the raw floor see the same machine state), the raw floor itself ({@code FileChannel.lock()} and
 * release), and the two-process hand-off run with {@link SyncHandoffPeer}.
 */
final class SyncMeasure {

    /**
     * A loop of {@code ops} acquire+release: each benchmark writes its own loop, so that the JIT compiles every loop
     * with its own profile (a shared loop calling an operation through an interface would go megamorphic).
     */
    @FunctionalInterface
    interface Loop {
        void run(int ops) throws Exception;
    }

    /** One contender of the alternating rounds. */
    record Contender(String name, Loop loop, int ops) {
    }

    private SyncMeasure() {
    }

    /** @return where the benchmark files go: {@code /dev/shm} when there is one, else the temp directory */
    static Path directory() {
        Path shm = Paths.get("/dev/shm");
        return Files.isDirectory(shm) ? shm : Paths.get(System.getProperty("java.io.tmpdir"));
    }

    /**
     * Runs every contender once per round, for two warm-up rounds and then {@code rounds} measured ones, printing
     * each round.
     *
     * @return operations per second of each contender, the median of its measured rounds, in order
     */
    static double[] alternate(int rounds, Contender... contenders) throws Exception {
        List<List<Double>> rates = new ArrayList<>();
        for (int c = 0; c < contenders.length; c++) {
            rates.add(new ArrayList<>());
        }
        for (int r = -2; r < rounds; r++) {
            StringBuilder line = new StringBuilder(r < 0 ? "warm-up" : "round " + (r + 1)).append(':');
            for (int c = 0; c < contenders.length; c++) {
                Contender contender = contenders[c];
                long start = System.nanoTime();
                contender.loop().run(contender.ops());
                double rate = contender.ops() / ((System.nanoTime() - start) / 1e9);
                if (r >= 0) {
                    rates.get(c).add(rate);
                }
                line.append(String.format(Locale.ROOT, "  %s %.1f ns", contender.name(), 1e9 / rate));
            }
            System.out.println(line);
        }
        double[] medians = new double[contenders.length];
        for (int c = 0; c < contenders.length; c++) {
            medians[c] = Stats.median(rates.get(c));
        }
        return medians;
    }

    /** @return a loop of {@code FileChannel.lock()} + release on {@code channel} */
    static Loop fileLock(FileChannel channel) {
        return n -> {
            for (int i = 0; i < n; i++) {
                FileLock lock = channel.lock();
                lock.release();
            }
        };
    }

    /**
     * @return a loop of a bare compare-and-set lock on a word of {@code word} (a mapped file) and its release store:
     *     the hardware's floor for a cross-process lock (a lock+unlock costs one CAS and one ordered store)
     */
    static Loop casLock(org.agrona.concurrent.AtomicBuffer word) {
        long token = ProcessHandle.current().pid();
        return n -> {
            for (int i = 0; i < n; i++) {
                if (!word.compareAndSetLong(0, 0, token)) {
                    throw new IllegalStateException("the bare lock word is held");
                }
                word.putLongRelease(0, 0);
            }
        };
    }

    /** @return a read-write channel on a new file in {@code dir}, deleted when closed */
    static FileChannel rawFile(Path dir) throws IOException {
        Path file = dir.resolve("jipc-bench-raw-" + ProcessHandle.current().pid() + ".flock");
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
            StandardOpenOption.DELETE_ON_CLOSE);
    }

    /**
     * Two processes (this one and a {@link SyncHandoffPeer}) pass a lock or a one-permit semaphore back and forth
     * {@code handoffs} times: each takes a turn only when a shared counter's parity is its own.
     *
     * @param kind {@code lock} or {@code semaphore}
     * @return hand-offs per second
     */
    static double handoffRate(String kind, String uri, int handoffs) {
        String prefix = uri + "-handoff";
        try (SharedLong counter = SharedLong.open(prefix);
             SharedLong ready = SharedLong.open(prefix + "-ready")) {
            counter.set(0);
            ready.set(0);
            try (JvmProcess peer = JvmProcess.builder(SyncHandoffPeer.class)
                .args(kind, uri, prefix, "1", Integer.toString(handoffs)).start()) {
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (ready.get() == 0) {
                    if (System.nanoTime() > deadline || !peer.isAlive()) {
                        throw new IllegalStateException("hand-off peer " + peer + " not ready: " + peer.exitCode());
                    }
                    LockSupport.parkNanos(1_000_000);
                }
                long start = System.nanoTime();
                SyncHandoffPeer.run(kind, uri, counter, 0, handoffs);
                double rate = handoffs / ((System.nanoTime() - start) / 1e9);
                if (!peer.join(Duration.ofSeconds(30)) || peer.exitCode().orElse(-1) != 0) {
                    throw new IllegalStateException("hand-off peer " + peer + " failed: " + peer.exitCode());
                }
                return rate;
            }
        } finally {
            SharedLong.unlink(prefix);
            SharedLong.unlink(prefix + "-ready");
        }
    }
}
