package io.jipc.manager.children;

import java.util.function.BiFunction;

import io.jipc.manager.Manager;
import io.jipc.manager.SharedMap;

/**
 * Adds 1 to a key of a shared map {@code count} times: {@code <endpoint> <key> <count> shipped|local}. {@code shipped}
 * writes {@code merge(key, 1L, Incrementer::add)} (a serializable method reference that runs in the manager); {@code local}
 * passes a plain {@link BiFunction} (the client's loop of atomic steps).
 */
public final class Incrementer {

    /** How often {@link #add} ran in this JVM: in the manager's, when the function was shipped there. */
    public static final java.util.concurrent.atomic.AtomicLong RUNS_HERE = new java.util.concurrent.atomic.AtomicLong();

    private Incrementer() {
    }

    /** The function of every merge: a sum that counts where it ran. */
    static Long add(Long a, Long b) {
        RUNS_HERE.incrementAndGet();
        return a + b;
    }

    public static void main(String[] args) {
        int count = Integer.parseInt(args[2]);
        BiFunction<Long, Long, Long> plain = Incrementer::add; // not serializable: runs in this JVM
        try (Manager manager = Manager.connect(args[0])) {
            SharedMap<String, Long> counts = manager.map("counts");
            for (int i = 0; i < count; i++) {
                if (args[3].equals("shipped")) {
                    counts.merge(args[1], 1L, Incrementer::add); // a RemoteBiFunction: runs in the manager
                } else {
                    counts.merge(args[1], 1L, plain);
                }
            }
        }
    }
}
