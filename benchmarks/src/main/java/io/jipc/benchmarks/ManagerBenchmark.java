package io.jipc.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.jipc.Channel;
import io.jipc.ChannelServer;
import io.jipc.EndpointException;
import io.jipc.Ipc;
import io.jipc.manager.Manager;
import io.jipc.process.JvmProcess;
import io.jipc.manager.SharedMap;

/**
 * A manager's map against Python's {@code multiprocessing.Manager().dict()}, on the same machine in the same run:
 * {@code put} and {@code get} round trips per second through a proxy, the manager in a process of its own on both
 * sides. jipc is measured on {@code shm:} and, where the socket backend is on the class path, on {@code unix:};
 * rounds of each transport are taken before and after Python's, so a busy moment of the machine hits both. Each
 * manager round is followed by as many round trips of a bare jipc channel on the same transport to a child JVM
 * ({@link ChannelResponder}): the floor a manager call cannot beat, measured in the same moments.
 */
public final class ManagerBenchmark implements BackendBenchmark {

    /** Transports measured, by the field prefix of the RESULT line; a transport whose scheme is missing is skipped. */
    private static final Map<String, String> TRANSPORTS = new LinkedHashMap<>();

    static {
        TRANSPORTS.put("", "shm:jipc-manager-bench-" + ProcessHandle.current().pid());
        TRANSPORTS.put("unix_", "unix:" + System.getProperty("java.io.tmpdir") + "/jipc-manager-bench-"
            + ProcessHandle.current().pid() + ".sock");
    }

    @Override
    public Map<String, String> run(boolean quick) throws Exception {
        int operations = quick ? 20_000 : 100_000;
        int rounds = quick ? 3 : 5;
        int pythonOperations = quick ? 10_000 : 30_000;
        int warmUp = quick ? 3 : 5;
        Map<String, double[]> before = new LinkedHashMap<>();
        for (Map.Entry<String, String> t : TRANSPORTS.entrySet()) {
            double[] rates = measure(t.getValue(), operations, rounds, warmUp);
            if (rates != null) {
                before.put(t.getKey(), rates);
            }
        }
        Map<String, Double> python = python(pythonOperations, rounds);
        Map<String, String> result = new LinkedHashMap<>();
        Table table = new Table("map through a proxy", "put/s", "get/s", "put+get/s", "vs python", "channel rtt/s",
            "vs channel");
        double pythonOps = python.getOrDefault("ops", Double.NaN);
        for (Map.Entry<String, double[]> e : before.entrySet()) {
            double[] after = measure(TRANSPORTS.get(e.getKey()), operations, rounds, warmUp);
            double[] rates = new double[4];
            for (int i = 0; i < 4; i++) {
                rates[i] = median(List.of(e.getValue()[i], after[i]));
            }
            String prefix = e.getKey();
            table.row("jipc " + TRANSPORTS.get(prefix).substring(0, TRANSPORTS.get(prefix).indexOf(':') + 1),
                whole(rates[0]), whole(rates[1]), whole(rates[2]), ratio(rates[2] / pythonOps) + "x", whole(rates[3]),
                ratio(rates[2] / rates[3]));
            result.put(prefix + "ops_per_s", whole(rates[2]));
            if (prefix.isEmpty()) {
                result.put("python_ops_per_s", whole(pythonOps));
                result.put("speedup", ratio(rates[2] / pythonOps));
                result.put("put_per_s", whole(rates[0]));
                result.put("get_per_s", whole(rates[1]));
            } else {
                result.put(prefix + "speedup", ratio(rates[2] / pythonOps));
            }
            result.put(prefix + "channel_rtt_per_s", whole(rates[3]));
            result.put(prefix + "of_channel", ratio(rates[2] / rates[3]));
        }
        table.row("python3 Manager().dict()", whole(python.getOrDefault("put", Double.NaN)),
            whole(python.getOrDefault("get", Double.NaN)), whole(pythonOps), "1.00x", "-", "-");
        table.print(System.out);
        return result;
    }

    /**
     * @return puts/s, gets/s, both/s, and the bare channel's round trips/s on the same transport (the floor), each the
     *     median of the rounds; null when the transport is not there
     */
    private static double[] measure(String uri, int operations, int rounds, int warmUpSeconds) throws Exception {
        String scheme = uri.substring(0, uri.indexOf(':'));
        try {
            Ipc.capabilities(scheme);
        } catch (EndpointException e) {
            System.out.println("(" + scheme + ": skipped: " + e.getMessage() + ")");
            return null;
        }
        String floorUri = scheme.equals("shm") ? uri + "-floor" : uri.replace(".sock", "-floor.sock");
        try (Manager manager = Manager.builder().endpoint(uri).spawn();
             ChannelServer floorServer = Ipc.bind(floorUri);
             JvmProcess floorChild = JvmProcess.builder(ShmResponder.class)
                 .args(floorServer.endpoint().toString(), "backoff").start();
             Channel floorChannel = floorServer.accept(Duration.ofSeconds(30))) {
            ChannelDriver floor = new ChannelDriver(floorChannel, Idle.named("backoff"));
            SharedMap<String, Long> map = manager.map("bench");
            String[] keys = new String[operations];
            for (int i = 0; i < operations; i++) {
                keys[i] = "key-" + i;
            }
            // Untimed rounds, the same as the timed ones, until both JVMs have compiled their paths: a manager and a
            // floor child start cold for each measurement, and on two cores their compiler threads take the CPU the
            // round trips wait on for seconds (after 20,000 calls of warm-up, or 3 s of calls in another pattern, the
            // first timed rounds ran at a third to a half of the later ones).
            long warmUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmUpSeconds);
            while (System.nanoTime() < warmUntil) {
                round(map, floor, keys);
            }
            List<Double> puts = new ArrayList<>();
            List<Double> gets = new ArrayList<>();
            List<Double> both = new ArrayList<>();
            List<Double> floors = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                double[] rates = round(map, floor, keys);
                puts.add(rates[0]);
                gets.add(rates[1]);
                both.add(rates[2]);
                floors.add(rates[3]);
            }
            System.out.printf(Locale.ROOT, "%s: put %s/s, get %s/s (manager JVM %d); the bare channel %s round trips/s"
                + " (child %d); medians of %d rounds of %,d%n", uri, whole(median(puts)), whole(median(gets)), manager.pid(),
                whole(median(floors)), floorChild.pid(), rounds, operations);
            return new double[] {median(puts), median(gets), median(both), median(floors)};
        }
    }

    /**
     * One round: a put of every key, a get of every key, then twice as many round trips of the bare channel.
     *
     * @return puts/s, gets/s, both/s, the bare channel's round trips/s
     */
    private static double[] round(SharedMap<String, Long> map, ChannelDriver floor, String[] keys) {
        int operations = keys.length;
        long t0 = System.nanoTime();
        for (int i = 0; i < operations; i++) {
            map.put(keys[i], (long) i);
        }
        long t1 = System.nanoTime();
        long sum = 0;
        for (int i = 0; i < operations; i++) {
            sum += map.get(keys[i]);
        }
        long t2 = System.nanoTime();
        if (sum != (long) operations * (operations - 1) / 2) {
            throw new IllegalStateException("the map gave back a sum of " + sum);
        }
        for (int i = 0; i < 2 * operations; i++) {
            floor.roundTrip();
        }
        long t3 = System.nanoTime();
        return new double[] {operations / ((t1 - t0) / 1e9), operations / ((t2 - t1) / 1e9),
            2 * operations / ((t2 - t0) / 1e9), 2 * operations / ((t3 - t2) / 1e9)};
    }

    /** Runs the Python side from the jar; empty when python3 is missing or fails. */
    private static Map<String, Double> python(int operations, int rounds) {
        Map<String, Double> values = new LinkedHashMap<>();
        try (InputStream script = ManagerBenchmark.class.getResourceAsStream("mp_manager.py")) {
            if (script == null) {
                System.out.println("(python skipped: mp_manager.py is not in the jar)");
                return values;
            }
            Path file = Files.createTempFile("jipc-mp_manager", ".py");
            try {
                Files.copy(script, file, StandardCopyOption.REPLACE_EXISTING);
                Process p = new ProcessBuilder("python3", file.toString(), Integer.toString(operations),
                    Integer.toString(rounds)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
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
        System.out.printf(Locale.ROOT, "python3 Manager().dict(): put %s/s, get %s/s%n",
            whole(values.getOrDefault("put", Double.NaN)), whole(values.getOrDefault("get", Double.NaN)));
        return values;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
    }

    private static String whole(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    private static String ratio(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
