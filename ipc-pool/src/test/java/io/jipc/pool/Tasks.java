package io.jipc.pool;

/** What the pool tests run in their workers. */
final class Tasks {

    private Tasks() {
    }

    static int square(int x) {
        return x * x;
    }

    /** Prints to System.out, some of it bytes that look like a frame's length, then squares. */
    static int printThenSquare(int x) {
        System.out.println("printed by a task");
        System.out.write(new byte[] {0, 0, 0, 1}, 0, 4);
        System.out.flush();
        return x * x;
    }

    static long pid() {
        return ProcessHandle.current().pid();
    }

    static long sleepThenPid(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return ProcessHandle.current().pid();
    }

    /** @return 100 kB, so that a chunk's results are split into several answers; throws for input {@code failAt} */
    static byte[] largeUnless(int x, int failAt) {
        if (x == failAt) {
            throw new IllegalArgumentException("input " + x + " fails on purpose");
        }
        return new byte[100_000];
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
