package io.jipc.manager.children;

import io.jipc.PeerGoneException;
import io.jipc.manager.Manager;

/**
 * Says it is about to take (namespace "takers", its pid), takes one element from queue {@code args[1]} and puts it in
 * map "taken" under its pid; exits 3 when the manager is gone. {@code <endpoint> <queue>}.
 */
public final class Taker {

    /** Exit status when the manager was found gone. */
    public static final int GONE = 3;

    private Taker() {
    }

    public static void main(String[] args) throws InterruptedException {
        try (Manager manager = Manager.connect(args[0])) {
            var queue = manager.queue(args[1]);
            manager.namespace("takers").set(Long.toString(ProcessHandle.current().pid()), true);
            Object element = queue.take();
            manager.map("taken").put(ProcessHandle.current().pid(), element);
        } catch (PeerGoneException e) {
            System.err.println("taker: " + e.getMessage());
            System.exit(GONE);
        }
    }
}
