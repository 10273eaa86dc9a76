package io.jipc.manager.children;

import io.jipc.codec.CodecException;
import io.jipc.manager.Manager;

/**
 * Takes one element from queue {@code args[1]} in a JVM that cannot decode a {@link Fragile}; exits
 * {@link #UNDECODABLE} when the take failed to decode it. {@code <endpoint> <queue>}.
 */
public final class FragileTaker {

    /** Exit status when the element taken could not be decoded. */
    public static final int UNDECODABLE = 4;

    private FragileTaker() {
    }

    public static void main(String[] args) throws InterruptedException {
        try (Manager manager = Manager.connect(args[0])) {
            Object element = manager.queue(args[1]).take();
            System.err.println("fragile taker: decoded " + element);
        } catch (CodecException e) {
            System.err.println("fragile taker: " + e.getMessage());
            System.exit(UNDECODABLE);
        }
    }
}
