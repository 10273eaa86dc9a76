package io.jipc.pool;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** {@code invokeAll} and {@code invokeAny} of {@link ProcessPool}'s {@code ExecutorService}, over its submit. */
final class Invocations {

    private Invocations() {
    }

    /**
     * Submits every task, then waits for each, up to {@code timeoutNanos} in all (negative: no limit); on timeout the
     * futures not done are cancelled.
     *
     * @return the futures, in the order of the tasks, each done
     */
    static <T> List<Future<T>> all(Collection<? extends Callable<T>> tasks, long timeoutNanos,
                                   Function<Callable<T>, CompletableFuture<T>> submit) throws InterruptedException {
        long deadline = System.nanoTime() + Math.max(0, timeoutNanos);
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> task : tasks) {
            futures.add(submit.apply(task));
        }
        for (Future<T> f : futures) {
            try {
                if (timeoutNanos < 0) {
                    f.get();
                } else {
                    f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
            } catch (ExecutionException | CancellationException e) {
                // reported by the future itself
            } catch (TimeoutException e) {
                futures.forEach(g -> g.cancel(true));
                break;
            }
        }
        return futures;
    }

    /**
     * Submits every task and returns the first result; cancels the rest.
     *
     * @throws ExecutionException when every task failed (with the last failure)
     * @throws TimeoutException when none succeeded within {@code timeoutNanos}
     */
    static <T> T any(Collection<? extends Callable<T>> tasks, long timeoutNanos,
                     Function<Callable<T>, CompletableFuture<T>> submit)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("no tasks");
        }
        CompletableFuture<T> first = new CompletableFuture<>();
        AtomicInteger failed = new AtomicInteger();
        List<CompletableFuture<T>> futures = new ArrayList<>();
        for (Callable<T> task : tasks) {
            CompletableFuture<T> f = submit.apply(task);
            futures.add(f);
            f.whenComplete((v, e) -> {
                if (e == null) {
                    first.complete(v);
                } else if (failed.incrementAndGet() == tasks.size()) {
                    first.completeExceptionally(e);
                }
            });
        }
        try {
            return first.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } finally {
            futures.forEach(f -> f.cancel(true));
        }
    }
}
