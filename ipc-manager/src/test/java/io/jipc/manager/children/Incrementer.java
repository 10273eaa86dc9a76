package io.jipc.manager.children;

import java.util.function.BiFunction;

import io.jipc.manager.Manager;
import io.jipc.manager.SharedMap;

/**
 * Adds 1 to a key of a shared map {@code count} times: {@code <endpoint> <key> <count> shipped|local}. {@code shipped}
 * writes {@code merge(key, 1L, Long::sum)} (a serializable method reference that runs in the manager); {@code local}
 * passes a plain {@link BiFunction} (the client's loop of atomic steps).
 */
public final class Incrementer {

    private Incrementer() {
    }

    public static void main(String[] args) {
        int count = Integer.parseInt(args[2]);
        BiFunction<Long, Long, Long> plain = (a, b) -> a + b;
        try (Manager manager = Manager.connect(args[0])) {
            SharedMap<String, Long> counts = manager.map("counts");
            for (int i = 0; i < count; i++) {
                if (args[3].equals("shipped")) {
                    counts.merge(args[1], 1L, Long::sum);
                } else {
                    counts.merge(args[1], 1L, plain);
                }
            }
        }
    }
}
