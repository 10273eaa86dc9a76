package io.jipc.children;

import java.io.Serializable;

import io.jipc.pool.Task;
import io.jipc.pool.TaskFunction;

/** Pool tasks and values declared outside the pool tests' package: off a pool's default allow-list. */
public final class PoolTasks {

    private PoolTasks() {
    }

    /** A value of a class no pool allows by default. */
    public record Point(int x, int y) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** @return a task whose lambda's capturing class is this one */
    public static Task<Integer> triple(int x) {
        return () -> 3 * x;
    }

    /** @return a map function whose lambda's capturing class is this one, capturing {@code factor} */
    public static TaskFunction<Integer, Integer> times(int factor) {
        return x -> x * factor;
    }
}
