package io.jipc.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.jipc.Channel;
import io.jipc.Ipc;
import io.jipc.pool.ProcessPool;
import io.jipc.pool.TaskOptions;
import io.jipc.process.JvmProcess;

/**
 * The process pool against Python's {@code multiprocessing.Pool}, on the same machine in the same run: tiny-task
 * throughput of {@code map} at chunk size 1 and with automatic chunking, {@code submit} throughput and round trip,
 * worker start-up (spawn to ready) against a bare JVM that prints one line, with and without a class-data archive
 * (the AOT cache on JDK 25+), and the replacement of a worker killed with -9, from a warm spare and without one.
 */
public final class PoolBenchmark implements BackendBenchmark {

    /** A bare JVM: prints one line and exits; the floor of a worker's start-up. */
    public static final class Hello {
        private Hello() {
        }

        /** @param args ignored */
        public static void main(String[] args) {
            System.out.println("ready");
        }
    }

    /** Untimed runs of both maps before the timed ones. */
    private static final int WARM_UP_RUNS = 4;

    /**
     * The heap of the JVM that runs the pools for the throughput runs: fixed and touched at start. Maps of millions
     * of tiny results grow a default heap for tens of seconds (resident memory rose 100 MB/s over a minute of 2M-input
     * maps), and the dispatcher then spent most of its time in the kernel zeroing fresh pages; in this benchmark's own
     * JVM the transport measured first paid for that growth (docs/pool.md, "Performance"). A young generation of
     * 1 GB: a 10M-input map keeps 10M boxed results alive until it ends, and G1, sizing the young generation to its
     * pause goal, collected every map or two, copying them (70-150 ms a pause on the Zen 4 EPYC, where the whole
     * map takes 250-350 ms without one).
     */
    static final String[] THROUGHPUT_HEAP = {"-Xms2g", "-Xmx2g", "-Xmn1g", "-XX:+AlwaysPreTouch"};

    /**
     * Runs {@link #measure} for each transport named in {@code args[3..]}, sending the parent one line per transport
     * ({@code transport r0 r1 r2 r3}) over {@code pipe:stdio}. Started with {@link #THROUGHPUT_HEAP}.
     */
    public static final class Rates {
        private Rates() {
        }

        /** @param args workers, inputs at chunk size 1, inputs with automatic chunks, then the transports */
        public static void main(String[] args) {
            int workers = Integer.parseInt(args[0]);
            int oneByOne = Integer.parseInt(args[1]);
            int chunked = Integer.parseInt(args[2]);
            try (Channel parent = Ipc.connect("pipe:stdio")) {
                for (int i = 3; i < args.length; i++) {
                    double[] rates = measure(args[i], workers, oneByOne, chunked);
                    StringBuilder line = new StringBuilder(args[i]);
                    for (double r : rates) {
                        line.append(' ').append(r);
                    }
                    parent.send(line.toString().getBytes(StandardCharsets.UTF_8));
                }
                parent.receive(Duration.ofMinutes(1)); // the parent's goodbye: the lines were read
            }
        }
    }

    /** Worker options that trade peak speed for start-up: C1 only, the serial collector, no perf-data file. */
    static final String[] FAST_START_OPTIONS = {"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData"};

    static int square(int x) {
        return x * x;
    }

    @Override
    public Map<String, String> run(boolean quick) throws Exception {
        int workers = Math.max(2, Runtime.getRuntime().availableProcessors());
        int oneByOne = quick ? 200_000 : 1_000_000;
        int chunked = quick ? 2_000_000 : 10_000_000;
        int starts = quick ? 4 : 11;
        Map<String, String> result = new LinkedHashMap<>();

        Path dir = Files.createTempDirectory("jipc-pool-bench");
        Path archive = dir.resolve("pool-worker.jsa");
        List<Double> bareTimes = new ArrayList<>();
        List<Double> workerTimes = new ArrayList<>();
        List<Double> cdsTimes = new ArrayList<>();
        List<Double> fastTimes = new ArrayList<>();
        List<Double> plainTimes = new ArrayList<>();
        try {
            startMillis(null); // the first default pool writes the default archive (class path of jars) as it closes
            try (ProcessPool pool = ProcessPool.builder().workers(1).classDataArchive(archive).build()) {
                pool.submit(() -> square(3)).join(); // the archive is written as this worker exits
            }
            boolean archived = Files.isRegularFile(archive);
            bareJvm();
            startMillis(null);
            for (int i = 0; i < starts; i++) { // interleaved, so a busy moment of the machine hits every kind alike
                long t0 = System.nanoTime();
                bareJvm();
                bareTimes.add((System.nanoTime() - t0) / 1e6);
                workerTimes.add(startMillis(null));
                plainTimes.add(startMillisWithoutArchive());
                if (archived) {
                    cdsTimes.add(startMillis(archive));
                    fastTimes.add(startMillis(archive, FAST_START_OPTIONS));
                }
            }
        } finally {
            Files.deleteIfExists(archive);
            Files.deleteIfExists(dir);
        }
        double bare = median(bareTimes);
        double worker = median(workerTimes);
        double cds = cdsTimes.isEmpty() ? Double.NaN : median(cdsTimes);
        double fast = fastTimes.isEmpty() ? Double.NaN : median(fastTimes);
        double plain = median(plainTimes);
        System.out.printf(Locale.ROOT, "start-up (spawn to ready, median of %d): bare JVM %.1f ms, pool worker %.1f ms"
            + " (default), without any archive %.1f ms, with an explicit AppCDS archive %.1f ms, with it and %s %.1f ms%n",
            starts, bare, worker, plain, cds, String.join(" ", FAST_START_OPTIONS), fast);

        List<String> transports = new ArrayList<>(List.of("pipe:"));
        String shm = "shm:/dev/shm/jipc-pool-bench-" + ProcessHandle.current().pid();
        if (bindable(shm)) {
            transports.add(shm);
        }
        Map<String, Double> python = python(quick ? 20_000 : 100_000, chunked, workers);
        System.out.printf(Locale.ROOT, "(the pools below run in a JVM of their own, with %s)%n", String.join(" ", THROUGHPUT_HEAP));
        System.out.printf(Locale.ROOT, "%-40s %14s %14s %12s %12s%n", "transport (" + workers + " workers)",
            "chunk 1 /s", "auto chunk /s", "submit /s", "round trip");
        Map<String, double[]> measured = measureApart(transports, workers, oneByOne, chunked);
        boolean first = true;
        for (String transport : transports) {
            double[] rates = measured.get(transport);
            System.out.printf(Locale.ROOT, "%-40s %14.0f %14.0f %12.0f %9.1f us%n", transport, rates[0], rates[1], rates[2], rates[3]);
            String prefix = first ? "" : "shm_";
            if (first) {
                result.put("transport", transport.replace(":", ""));
            }
            result.put(prefix + "tasks_per_s", whole(rates[0]));
            if (first) {
                result.put("python_tasks_per_s", whole(python.getOrDefault("chunk1", Double.NaN)));
            }
            result.put(prefix + "speedup", ratio(rates[0] / python.getOrDefault("chunk1", Double.NaN)));
            if (first) {
                result.put("worker_start_ms", oneDecimal(worker));
            }
            result.put(prefix + "chunked_tasks_per_s", whole(rates[1]));
            if (first) {
                result.put("python_chunked_tasks_per_s", whole(python.getOrDefault("default", Double.NaN)));
            }
            result.put(prefix + "chunked_speedup", ratio(rates[1] / python.getOrDefault("default", Double.NaN)));
            result.put(prefix + "submit_tasks_per_s", whole(rates[2]));
            result.put(prefix + "round_trip_us", oneDecimal(rates[3]));
            first = false;
        }
        System.out.printf(Locale.ROOT, "%-40s %14.0f %14.0f %12s %12s%n", "python3 multiprocessing.Pool",
            python.getOrDefault("chunk1", Double.NaN), python.getOrDefault("default", Double.NaN), "-", "-");
        // single kills range from under 1 ms to about 12 (a kill lands anywhere in the dispatcher's 5 ms look, and
        // the dying JVM's teardown takes a CPU of two): three made a median that moved by 5 ms from run to run
        double[] replacement = replacementMillis(quick ? 5 : 9, 1);
        double[] cold = replacementMillis(quick ? 2 : 3, 0);
        System.out.printf(Locale.ROOT, "replacement of a worker killed with -9 (kill to ready, median): from a warm spare"
            + " %.1f ms (max %.1f; its exit was visible %.1f ms after the kill), without a spare %.1f ms%n", replacement[0],
            replacement[1], replacement[2], cold[0]);
        result.put("worker_start_ratio", ratio(worker / bare));
        result.put("replacement_ms", oneDecimal(replacement[0]));
        result.put("replacement_max_ms", oneDecimal(replacement[1]));
        result.put("exit_visible_ms", oneDecimal(replacement[2]));
        result.put("replacement_no_spare_ms", oneDecimal(cold[0]));
        result.put("bare_jvm_start_ms", oneDecimal(bare));
        result.put("worker_start_no_cds_ms", oneDecimal(plain));
        result.put("worker_start_cds_ms", oneDecimal(cds));
        result.put("worker_start_fast_ms", oneDecimal(fast));
        result.put("python_worker_start_ms", oneDecimal(python.getOrDefault("start_ms", Double.NaN)));
        result.put("workers", Integer.toString(workers));
        return result;
    }

    /** Runs {@link #measure} for every transport in one child JVM with {@link #THROUGHPUT_HEAP}. */
    private static Map<String, double[]> measureApart(List<String> transports, int workers, int oneByOne, int chunked) {
        List<String> args = new ArrayList<>(List.of(Integer.toString(workers), Integer.toString(oneByOne),
            Integer.toString(chunked)));
        args.addAll(transports);
        Map<String, double[]> rates = new LinkedHashMap<>();
        try (JvmProcess child = JvmProcess.builder(Rates.class)
                 .jvmOptions(THROUGHPUT_HEAP).args(args.toArray(new String[0])).start();
             Channel channel = child.channel()) {
            for (int i = 0; i < transports.size(); i++) {
                String[] line = new String(channel.receive(Duration.ofMinutes(20)), StandardCharsets.UTF_8)
                    .split(" ");
                double[] values = new double[line.length - 1];
                for (int k = 0; k < values.length; k++) {
                    values[k] = Double.parseDouble(line[k + 1]);
                }
                rates.put(line[0], values);
            }
            channel.send(new byte[] {1});
        }
        return rates;
    }

    /** @return tasks/s of map at chunk size 1, of map with automatic chunks, of submit; submit's round trip in µs */
    private static double[] measure(String transport, int workers, int oneByOne, int chunked) {
        List<Integer> small = range(oneByOne);
        List<Integer> large = range(chunked);
        double[] rates = new double[4];
        try (ProcessPool pool = ProcessPool.builder().workers(workers).transport(transport).build()) {
            TaskOptions single = TaskOptions.DEFAULTS.withChunkSize(1);
            // JIT warm-up, untimed: the dispatcher's and workers' loops reach C2 after about a million tiny tasks (a
            // 200k-input map ran at 0.35M tasks/s first and at 8-12M from the eighth on); Python has no JIT to warm
            for (int run = 0; run < WARM_UP_RUNS; run++) {
                pool.map(PoolBenchmark::square, small, single);
                pool.map(PoolBenchmark::square, large);
            }
            awaitSpare(pool); // its start would be measured with the tasks; idle, it costs next to nothing
            for (int run = 0; run < 3; run++) {
                long t0 = System.nanoTime();
                List<Integer> out = pool.map(PoolBenchmark::square, small, single);
                rates[0] = Math.max(rates[0], small.size() / seconds(t0));
                check(out);
            }
            for (int run = 0; run < 3; run++) {
                long t0 = System.nanoTime();
                List<Integer> out = pool.map(PoolBenchmark::square, large);
                rates[1] = Math.max(rates[1], large.size() / seconds(t0));
                check(out);
            }
            int submits = oneByOne / 20;
            for (int run = 0; run < 3; run++) {
                long t0 = System.nanoTime();
                List<CompletableFuture<Integer>> futures = new ArrayList<>(submits);
                for (int i = 0; i < submits; i++) {
                    int x = i;
                    futures.add(pool.submit(() -> square(x)));
                }
                for (CompletableFuture<Integer> f : futures) {
                    f.join();
                }
                rates[2] = Math.max(rates[2], submits / seconds(t0));
            }
            List<Double> trips = new ArrayList<>();
            for (int i = 0; i < oneByOne / 200; i++) {
                long t0 = System.nanoTime();
                pool.submit(() -> square(2)).join();
                trips.add((System.nanoTime() - t0) / 1e3);
            }
            rates[3] = median(trips);
        }
        return rates;
    }

    /**
     * Kills a worker of a two-worker pool with -9, {@code kills} times, and times each from the kill until the pool
     * runs two workers again; with {@code spares} warm spares, each kill waits until a spare is ready. Also times the
     * kill until the victim's exit is visible to its parent (the JDK's reaper waits on it): the kernel frees the dead
     * JVM's memory first, and the pool does not wait for that (it reads the kill in {@code /proc}).
     *
     * @return the median and the largest time, in ms, and the median time from the kill until the exit was visible
     */
    private static double[] replacementMillis(int kills, int spares) {
        List<Double> times = new ArrayList<>();
        List<Double> exitVisible = new ArrayList<>();
        try (ProcessPool pool = ProcessPool.builder().workers(2).spares(spares).build()) {
            pool.map(PoolBenchmark::square, range(10_000));
            for (int k = 0; k < kills; k++) {
                if (spares > 0) {
                    awaitSpare(pool);
                }
                long victim = pool.workerPids().get(0);
                ProcessHandle handle = ProcessHandle.of(victim).orElseThrow();
                long[] exited = new long[1];
                CompletableFuture<ProcessHandle> exit = handle.onExit().thenApply(h -> {
                    exited[0] = System.nanoTime();
                    return h;
                });
                long t0 = System.nanoTime();
                handle.destroyForcibly();
                while (true) {
                    List<Long> pids = pool.workerPids();
                    if (pids.size() == 2 && !pids.contains(victim)) {
                        break;
                    }
                    if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(60)) {
                        throw new IllegalStateException("worker " + victim + " was not replaced within 60 s");
                    }
                    LockSupport.parkNanos(20_000);
                }
                long t1 = System.nanoTime();
                exit.join();
                times.add((t1 - t0) / 1e6);
                exitVisible.add((exited[0] - t0) / 1e6);
                int x = k;
                pool.submit(() -> square(x)).join(); // the replacement works
            }
        }
        return new double[] {median(times), Collections.max(times), median(exitVisible)};
    }

    /** Waits (up to a minute) until the pool's warm spare is ready. */
    private static void awaitSpare(ProcessPool pool) {
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (pool.spareWorkers() < 1 && System.nanoTime() < waitUntil) {
            LockSupport.parkNanos(1_000_000);
        }
    }

    private static List<Integer> range(int n) {
        List<Integer> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(i);
        }
        return list;
    }

    private static void check(List<Integer> squares) {
        int last = squares.size() - 1;
        if (squares.get(last) != last * last) {
            throw new IllegalStateException("wrong result " + squares.get(last) + " for " + last);
        }
    }

    private static boolean bindable(String uri) {
        try {
            Ipc.bind(uri).close();
            return true;
        } catch (RuntimeException | LinkageError e) {
            System.out.println("(" + uri + " skipped: " + e.getMessage() + ")");
            return false;
        }
    }

    private static void bareJvm() {
        List<String> cmd = List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), Hello.class.getName());
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                if (!"ready".equals(r.readLine())) {
                    throw new IllegalStateException("the bare JVM did not print its line");
                }
            }
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs the Python side from the jar; empty when python3 is missing or fails. */
    private static Map<String, Double> python(int oneByOne, int chunked, int workers) {
        Map<String, Double> values = new LinkedHashMap<>();
        try (InputStream script = PoolBenchmark.class.getResourceAsStream("mp_pool.py")) {
            if (script == null) {
                System.out.println("(python skipped: mp_pool.py is not in the jar)");
                return values;
            }
            Path file = Files.createTempFile("jipc-mp_pool", ".py");
            try {
                Files.copy(script, file, StandardCopyOption.REPLACE_EXISTING);
                Process p = new ProcessBuilder("python3", file.toString(), Integer.toString(oneByOne),
                    Integer.toString(chunked), Integer.toString(workers)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        String[] parts = line.trim().split(" ");
                        if (parts.length == 2) {
                            values.put(parts[0], Double.parseDouble(parts[1]));
                        }
                    }
                }
                if (!p.waitFor(5, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                }
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            System.out.println("(python skipped: " + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return values;
    }

    /** @return the time of building a one-worker pool (spawn to ready); closing it is not counted */
    private static double startMillis(Path archive, String... options) {
        long t0 = System.nanoTime();
        ProcessPool.Builder builder = ProcessPool.builder().workers(1);
        if (archive != null) {
            builder.classDataArchive(archive);
        }
        builder.jvmOptions(options);
        ProcessPool pool = builder.build();
        double millis = (System.nanoTime() - t0) / 1e6;
        pool.close();
        return millis;
    }

    /** @return as {@link #startMillis}, for a pool told to use no class-data archive at all */
    private static double startMillisWithoutArchive() {
        long t0 = System.nanoTime();
        ProcessPool pool = ProcessPool.builder().workers(1).noClassDataArchive().build();
        double millis = (System.nanoTime() - t0) / 1e6;
        pool.close();
        return millis;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static String whole(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    private static String ratio(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String oneDecimal(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
