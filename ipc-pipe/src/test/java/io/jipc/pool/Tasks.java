package io.jipc.pool;

/** What the pool tests run in their workers. */
final class Tasks {

    private Tasks() {
    }

    static int square(int x) {
        return x * x;
    }

    static long pid() {
        return ProcessHandle.current().pid();
    }

    static long sleepThenPid(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return ProcessHandle.current().pid();
    }

    static int failDeep(int depth) {
        if (depth == 0) {
            try {
                Integer.parseInt("not a number");
            } catch (NumberFormatException e) {
                throw new IllegalStateException("task failed on purpose", e);
            }
        }
        return failDeep(depth - 1);
    }
}
