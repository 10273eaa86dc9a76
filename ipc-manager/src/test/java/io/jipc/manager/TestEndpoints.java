package io.jipc.manager;

import java.util.concurrent.atomic.AtomicInteger;

/** Endpoints no other test, worktree or run uses at the same time. */
final class TestEndpoints {

    private static final AtomicInteger NUMBERS = new AtomicInteger();

    private TestEndpoints() {
    }

    /** @return a fresh {@code shm:} endpoint under /dev/shm */
    static String shm(String name) {
        return "shm:jipc-manager-test-" + ProcessHandle.current().pid() + "-" + name + "-" + NUMBERS.incrementAndGet();
    }
}
