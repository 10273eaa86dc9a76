package io.jipc.shm.sync;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

import io.jipc.process.JvmProcess;

/** Child JVMs of one test, killed and reaped afterwards whatever happened. */
final class SyncTestSupport implements AutoCloseable {

    private final List<JvmProcess> children = new ArrayList<>();

    JvmProcess start(Class<?> main, String... args) {
        JvmProcess child = JvmProcess.builder(main).args(args).start();
        children.add(child);
        return child;
    }

    List<JvmProcess> start(int count, Class<?> main, String... args) {
        List<JvmProcess> started = JvmProcess.builder(main).args(args).start(count);
        children.addAll(started);
        return started;
    }

    /** Runs {@code task} on a new thread of its own (the common pool has one thread on a two-CPU machine). */
    static <T> CompletableFuture<T> async(Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, "sync-test-async");
        thread.setDaemon(true);
        thread.start();
        return result;
    }

    /** Runs {@code task} on a new thread and completes with what it threw, or null. */
    static CompletableFuture<Throwable> thrownBy(Runnable task) {
        return async(() -> {
            try {
                task.run();
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
    }

    @Override
    public void close() {
        for (JvmProcess child : children) {
            child.kill();
        }
        for (JvmProcess child : children) {
            child.close();
            assertFalse(child.isAlive(), child + " outlived its test");
        }
        children.clear();
    }
}
