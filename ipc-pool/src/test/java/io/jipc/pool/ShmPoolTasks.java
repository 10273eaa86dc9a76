package io.jipc.pool;

/** What {@link ShmPoolTest} runs in its workers. */
final class ShmPoolTasks {

    private ShmPoolTasks() {
    }

    static int square(int x) {
        return x * x;
    }

    static long pid() {
        return ProcessHandle.current().pid();
    }
}
