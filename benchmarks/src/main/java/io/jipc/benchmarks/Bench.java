package io.jipc.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar jipc-benchmarks.jar <backend>... [--quick]}: runs each backend's benchmark and prints, per
 * backend, a table and then one line {@code RESULT backend=<name> key=value ...}.
 */
public final class Bench {

    /** Backend name to benchmark class. */
    private static final Map<String, String> BACKENDS = new LinkedHashMap<>();

    static {
        BACKENDS.put("pipe", "io.jipc.benchmarks.PipeBenchmark");
        BACKENDS.put("shm", "io.jipc.benchmarks.ShmBenchmark");
        BACKENDS.put("tcp", "io.jipc.benchmarks.SocketBenchmark$Tcp");
        BACKENDS.put("unix", "io.jipc.benchmarks.SocketBenchmark$Unix");
        BACKENDS.put("lock", "io.jipc.benchmarks.LockBenchmark");
        BACKENDS.put("semaphore", "io.jipc.benchmarks.SemaphoreBenchmark");
        BACKENDS.put("pool", "io.jipc.benchmarks.PoolBenchmark");
        BACKENDS.put("mq", "io.jipc.benchmarks.MqBenchmark");
        BACKENDS.put("manager", "io.jipc.benchmarks.ManagerBenchmark");
    }

    private Bench() {
    }

    /** @param args backend names (or {@code all}) and optionally {@code --quick} */
    public static void main(String[] args) throws Exception {
        boolean quick = false;
        List<String> names = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("--quick")) {
                quick = true;
            } else if (arg.equals("all")) {
                for (Map.Entry<String, String> e : BACKENDS.entrySet()) {
                    if (present(e.getValue())) {
                        names.add(e.getKey());
                    }
                }
            } else {
                names.add(arg);
            }
        }
        if (names.isEmpty()) {
            System.out.println("usage: java -jar jipc-benchmarks.jar <backend>...|all [--quick]");
            System.out.println("backends: " + available());
            return;
        }
        System.out.println("== machine: cpu=" + cpuModel() + ", cores=" + Runtime.getRuntime().availableProcessors()
            + ", java=" + Runtime.version() + " (" + System.getProperty("java.vm.vendor") + ")");
        for (String name : names) {
            String className = BACKENDS.get(name);
            if (className == null || !present(className)) {
                System.err.println("unknown backend '" + name + "'; backends: " + available());
                System.exit(2);
            }
            BackendBenchmark benchmark = (BackendBenchmark) Class.forName(className).getDeclaredConstructor().newInstance();
            System.out.println("== " + name + (quick ? " (quick)" : ""));
            Map<String, String> fields = benchmark.run(quick);
            StringBuilder line = new StringBuilder("RESULT backend=").append(name);
            fields.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
            System.out.println(line);
        }
    }

    /**
     * @return the CPU's model name, as {@code lscpu} shows it (from /proc/cpuinfo), with its family, model and
     *     stepping where the file has them (a VM may name two CPU generations alike, e.g. {@code AMD EPYC}), or
     *     "unknown"
     */
    static String cpuModel() {
        Map<String, String> first = new LinkedHashMap<>(); // the first processor's block of /proc/cpuinfo
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo"))) {
                int colon = line.indexOf(':');
                if (colon < 0 && !first.isEmpty()) {
                    break;
                }
                if (colon >= 0) {
                    first.putIfAbsent(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
        String name = first.get("model name");
        if (name == null) {
            return "unknown";
        }
        if (first.containsKey("cpu family") && first.containsKey("model") && first.containsKey("stepping")) {
            name += " (family " + first.get("cpu family") + " model " + first.get("model") + " stepping "
                + first.get("stepping") + ")";
        }
        return name;
    }

    private static List<String> available() {
        List<String> list = new ArrayList<>();
        BACKENDS.forEach((name, cls) -> {
            if (present(cls)) {
                list.add(name);
            }
        });
        return list;
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, Bench.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
