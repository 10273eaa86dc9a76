package io.jipc.children;

import io.jipc.pool.Task;

/** Pool tasks declared outside the pool tests' package: their lambdas are not on a pool's default allow-list there. */
public final class PoolTasks {

    private PoolTasks() {
    }

    /** @return a task whose lambda's capturing class is this one */
    public static Task<Integer> triple(int x) {
        return () -> 3 * x;
    }
}
