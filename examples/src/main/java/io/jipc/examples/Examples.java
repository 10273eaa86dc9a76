package io.jipc.examples;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the examples: {@code java -jar jipc-examples.jar <name>|all}; with no name, lists them.
 * Each example is a master main that starts its workers as separate JVMs, prints a summary ending in a line
 * starting with {@code OK}, and throws when it fails (this launcher then exits 1).
 */
public final class Examples {

    /** Example name to master class, in the order {@code all} runs them. */
    private static final Map<String, String> EXAMPLES = new LinkedHashMap<>();

    static {
        EXAMPLES.put("pipe", "io.jipc.examples.pipe.PipeMaster");
        EXAMPLES.put("shm", "io.jipc.examples.shm.ShmMaster");
        EXAMPLES.put("tcp", "io.jipc.examples.socket.TcpMaster");
        EXAMPLES.put("unix", "io.jipc.examples.socket.UnixMaster");
        EXAMPLES.put("counter", "io.jipc.examples.sync.CounterMaster");
        EXAMPLES.put("semaphore", "io.jipc.examples.sync.SemaphoreMaster");
        EXAMPLES.put("pool", "io.jipc.examples.pool.PoolMaster");
        EXAMPLES.put("pool-map", "io.jipc.examples.pool.PoolMapMaster");
        EXAMPLES.put("python", "io.jipc.examples.python.PythonMaster");
        EXAMPLES.put("wait", "io.jipc.examples.wait.WaitMaster");
        EXAMPLES.put("mq", "io.jipc.examples.mq.MqExample");
    }

    private Examples() {
    }

    /** @param args an example name, {@code all}, or nothing to list them */
    public static void main(String[] args) throws Throwable {
        List<String> available = new ArrayList<>();
        for (Map.Entry<String, String> e : EXAMPLES.entrySet()) {
            if (present(e.getValue())) {
                available.add(e.getKey());
            }
        }
        if (args.length == 0) {
            System.out.println("usage: java -jar jipc-examples.jar <name>|all [args...]");
            System.out.println("examples: " + String.join(", ", available));
            return;
        }
        List<String> names = args[0].equals("all") ? available : List.of(args[0]);
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        int failed = 0;
        for (String name : names) {
            String className = EXAMPLES.get(name);
            if (className == null || !present(className)) {
                System.err.println("unknown example '" + name + "'; examples: " + String.join(", ", available));
                System.exit(2);
            }
            System.out.println("== " + name);
            try {
                MethodHandle main = MethodHandles.publicLookup().findStatic(Class.forName(className), "main",
                    MethodType.methodType(void.class, String[].class));
                main.invoke((Object) rest);
            } catch (Throwable t) {
                failed++;
                System.out.println("FAILED " + name + ": " + t);
                t.printStackTrace();
            }
        }
        if (failed > 0) {
            System.exit(1);
        }
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, Examples.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
