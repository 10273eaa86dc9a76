package io.jipc.pool;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.jipc.children.PoolHolder;
import io.jipc.children.PoolTasks;
import io.jipc.codec.CodecException;
import io.jipc.internal.ProcessIdentity;
import io.jipc.process.JvmProcess;
import org.junit.jupiter.api.extension.ExtendWith;
import io.jipc.testkit.NoLeaks;

/**
 * The pool against real worker JVMs on pipes: results, failures, shutdown; dead workers, task timeouts and recycling
 * on pipes and on shared memory (a transport the pool binds, whose workers connect to it).
 */
@Timeout(90)
@ExtendWith(NoLeaks.class)
class ProcessPoolTest {

    private final List<ProcessPool> pools = new ArrayList<>();
    /** Workers seen, by pid and start time: a pid reused by another process after a worker exited is not theirs. */
    private final Set<ProcessIdentity> seen = new HashSet<>();
    private final List<PoolTransport> transports = new ArrayList<>();

    /** @return a builder on the named transport ({@link PoolTransport}), whose files go when the test ends */
    private ProcessPool.Builder on(String transport) throws IOException {
        PoolTransport t = PoolTransport.of(transport);
        transports.add(t);
        return t.builder();
    }

    private ProcessPool track(ProcessPool pool) {
        pools.add(pool);
        see(pool.workerPids());
        return pool;
    }

    private void see(Collection<Long> pids) {
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(p -> seen.add(ProcessIdentity.of(p)));
        }
    }

    @AfterEach
    void reap() throws InterruptedException, IOException {
        try {
            reapWorkers();
        } finally {
            for (PoolTransport t : transports) {
                t.close();
            }
        }
    }

    private void reapWorkers() throws InterruptedException {
        for (ProcessPool pool : pools) {
            see(pool.workerPids());
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), pool + " did not terminate");
        }
        List<ProcessIdentity> outlived = new ArrayList<>();
        for (ProcessIdentity worker : seen) {
            // kill only what is still our child and the very process seen: never whoever reuses its pid
            ProcessHandle.current().children()
                .filter(child -> child.pid() == worker.pid() && worker.isAlive())
                .forEach(child -> {
                    child.destroyForcibly();
                    outlived.add(worker);
                });
        }
        assertEquals(List.of(), outlived, "workers that outlived their pool");
    }

    private static <T> List<T> range(int n, java.util.function.IntFunction<T> f) {
        return IntStream.range(0, n).mapToObj(f).collect(Collectors.toList());
    }

    @Test
    void mapOfHundredThousandTinyTasksKeepsEveryResultInOrder() {
        ProcessPool pool = track(ProcessPool.builder().workers(2).build());
        List<Integer> inputs = range(100_000, i -> i);
        List<Integer> oneByOne = pool.map(Tasks::square, inputs, TaskOptions.DEFAULTS.withChunkSize(1));
        List<Integer> chunked = pool.map(Tasks::square, inputs);
        for (int i = 0; i < inputs.size(); i++) {
            assertEquals(i * i, oneByOne.get(i), "chunk size 1, input " + i);
            assertEquals(i * i, chunked.get(i), "automatic chunks, input " + i);
        }
        assertEquals(List.of("a!", "b!"), pool.map(s -> s + "!", List.of("a", "b")));
        Set<Integer> unordered = pool.mapUnordered(Tasks::square, range(1_000, i -> i), TaskOptions.DEFAULTS)
            .collect(Collectors.toSet());
        assertEquals(range(1_000, i -> i * i).stream().collect(Collectors.toSet()), unordered);
    }

    @Test
    void nobodyJoinsAPoolOnPipes() {
        ProcessPool pool = track(ProcessPool.builder().workers(1).build());
        assertTrue(pool.endpoint().isEmpty());
        assertThrows(IllegalStateException.class, pool::workerCommand);
        assertEquals(0, pool.workersJoined());
    }

    @Test
    void whatATaskPrintsToSystemOutLeavesItsWorkersChannelIntact() throws Exception {
        ProcessPool pool = track(ProcessPool.builder().workers(1).build());
        long worker = pool.submit(Tasks::pid).get(30, TimeUnit.SECONDS);
        assertEquals(49, pool.submit(() -> Tasks.printThenSquare(7)).get(30, TimeUnit.SECONDS));
        assertEquals(9, pool.submit(() -> Tasks.square(3)).get(30, TimeUnit.SECONDS));
        assertEquals(worker, pool.submit(Tasks::pid).get(30, TimeUnit.SECONDS), "the worker was replaced");
    }

    @Test
    void workersDoNotOutliveAPoolWhoseJvmIsKilled() {
        List<ProcessHandle> workers = new ArrayList<>();
        try (JvmProcess holder = JvmProcess.builder(PoolHolder.class).start()) {
            String pids = new String(holder.channel().receive(Duration.ofSeconds(60)), StandardCharsets.US_ASCII);
            for (String pid : pids.split(",")) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(workers::add);
            }
            assertEquals(2, workers.size(), "workers " + pids + " running");
            holder.kill();
            assertTrue(holder.join(Duration.ofSeconds(10)));
            await().atMost(Duration.ofSeconds(10)).until(() -> workers.stream()
                .allMatch(w -> !w.isAlive() || ProcessIdentity.isZombie(w.pid())));
        } finally {
            workers.forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void itIsAnExecutorServiceForSerializableCallables() throws Exception {
        ProcessPool pool = track(ProcessPool.builder().workers(2).build());
        List<java.util.concurrent.Future<Integer>> all = pool.invokeAll(List.<Task<Integer>>of(() -> 1, () -> 2, () -> 3));
        List<Integer> values = new ArrayList<>();
        for (java.util.concurrent.Future<Integer> f : all) {
            assertTrue(f.isDone(), "invokeAll returned before a task was done");
            values.add(f.get());
        }
        assertEquals(List.of(1, 2, 3), values);
        assertEquals(7, pool.invokeAny(List.<Task<Integer>>of(() -> 7)));
        java.util.concurrent.Callable<Integer> plain = () -> 1;
        ExecutionException e = assertThrows(ExecutionException.class, () -> pool.submit(plain).get(10, TimeUnit.SECONDS));
        assertInstanceOf(CodecException.class, e.getCause(), "a plain Callable lambda is not serializable");
    }

    @Test
    void executeHandsEveryFailureToTheHandlerAndSerializableLambdasNeedNoAllowListEntry() throws Exception {
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        ProcessPool pool = track(ProcessPool.builder().workers(1).onExecuteFailure(failures::add).build());
        pool.execute((Runnable & java.io.Serializable) () -> Tasks.failDeep(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> failures.size() == 1);
        RemoteTaskException thrown = assertInstanceOf(RemoteTaskException.class, failures.get(0));
        assertEquals("task failed on purpose", thrown.remoteMessage());
        pool.execute(() -> Tasks.square(2)); // a plain Runnable lambda is not serializable
        await().atMost(Duration.ofSeconds(30)).until(() -> failures.size() == 2);
        assertInstanceOf(CodecException.class, failures.get(1));
        assertEquals(5, pool.submit((java.util.concurrent.Callable<Integer> & java.io.Serializable) () -> 5)
            .get(30, TimeUnit.SECONDS));
        assertEquals(2, failures.size(), "what succeeds is not reported");
    }

    @Test
    void aTaskExceptionComesBackWithTheWorkersTraceAndCauses() throws Exception {
        ProcessPool pool = track(ProcessPool.builder().workers(1).build());
        CompletableFuture<Integer> future = pool.submit(() -> Tasks.failDeep(3));
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(30, TimeUnit.SECONDS));
        RemoteTaskException remote = assertInstanceOf(RemoteTaskException.class, e.getCause());
        assertEquals("java.lang.IllegalStateException", remote.remoteClassName());
        assertEquals("task failed on purpose", remote.remoteMessage());
        assertEquals(pool.workerPids().get(0), remote.workerPid());
        assertTrue(Arrays.stream(remote.getStackTrace()).filter(f -> f.getMethodName().equals("failDeep")).count() >= 4,
            Arrays.toString(remote.getStackTrace()));
        assertEquals("java.lang.NumberFormatException", remote.remoteCause().remoteClassName());
        assertTrue(remote.getMessage().contains("task failed on purpose"), remote.getMessage());

        RemoteTaskException fromMap = assertThrows(RemoteTaskException.class,
            () -> pool.map(x -> Tasks.failDeep(x), List.of(0, 1, 2)));
        assertEquals("java.lang.IllegalStateException", fromMap.remoteClassName());
        assertEquals(0, fromMap.input().getAsInt(), "the input the function failed on");
        assertEquals(42, pool.submit(() -> 42).get(30, TimeUnit.SECONDS), "the pool goes on");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pipe", "shm"})
    void aWorkerKilledMidRunFailsOnlyTheTasksItHeldAndIsReplaced(String transport) throws Exception {
        ProcessPool pool = track(on(transport).workers(2).build());
        long victim = pool.workerPids().get(0);
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            futures.add(pool.submit(() -> Tasks.sleepThenPid(0) + 0 * Tasks.square(1)));
        }
        for (int i = 0; i < 2_000; i++) {
            futures.add(i, pool.submit(() -> Tasks.sleepThenPid(1)));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> futures.stream().filter(CompletableFuture::isDone).count() > 200);
        ProcessHandle.of(victim).orElseThrow().destroyForcibly();
        int failed = 0;
        for (CompletableFuture<Long> f : futures) {
            try {
                f.get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                WorkerDiedException died = assertInstanceOf(WorkerDiedException.class, e.getCause());
                assertEquals(victim, died.pid());
                assertEquals(137, died.exitCode().getAsInt());
                failed++;
            }
        }
        assertTrue(failed >= 1 && failed <= Window.MAX, "failed: " + failed);
        await().atMost(Duration.ofSeconds(30)).until(() -> pool.workerPids().size() == 2);
        assertFalse(pool.workerPids().contains(victim));
        see(pool.workerPids());
        assertEquals(range(100, i -> i * i), pool.map(Tasks::square, range(100, i -> i)), "the pool is whole");
        assertEquals(1, pool.workersLost());
    }

    @ParameterizedTest
    @ValueSource(strings = {"pipe", "shm"})
    void idempotentTasksOfAKilledWorkerAreRetriedOnce(String transport) throws Exception {
        ProcessPool pool = track(on(transport).workers(2).build());
        long victim = pool.workerPids().get(0);
        TaskOptions idempotent = TaskOptions.DEFAULTS.withIdempotent(true);
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            futures.add(pool.submit(() -> Tasks.sleepThenPid(5), idempotent));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> futures.stream().filter(CompletableFuture::isDone).count() > 20);
        ProcessHandle.of(victim).orElseThrow().destroyForcibly();
        for (CompletableFuture<Long> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        see(pool.workerPids());
        assertEquals(1, pool.workersLost());
    }

    @Test
    void closeRunsThePendingTasksThenStopsEveryWorker() throws Exception {
        ProcessPool pool = track(ProcessPool.builder().workers(2).build());
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            futures.add(pool.submit(() -> Tasks.sleepThenPid(50)));
        }
        pool.close();
        Set<Long> pids = new HashSet<>();
        for (CompletableFuture<Long> f : futures) {
            assertTrue(f.isDone() && !f.isCompletedExceptionally(), "closed with a task unfinished");
            pids.add(f.get());
        }
        assertTrue(pool.isTerminated());
        assertThrows(java.util.concurrent.RejectedExecutionException.class, () -> pool.submit(() -> 1));
        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).isPresent(), "worker " + pid + " still runs after close");
        }
    }

    @Test
    void shutdownNowCancelsQueuedAndRunningTasksAndTerminatesTheWorkers() throws Exception {
        ProcessPool pool = track(ProcessPool.builder().workers(2).grace(Duration.ofSeconds(1)).build());
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            futures.add(pool.submit(() -> Tasks.sleepThenPid(60_000)));
        }
        List<Runnable> never = pool.shutdownNow();
        assertTrue(never.size() >= 2, "queued tasks returned: " + never.size());
        for (CompletableFuture<Long> f : futures) {
            assertThrows(CancellationException.class, () -> f.get(10, TimeUnit.SECONDS));
        }
        assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS));
    }

    @Test
    void aFailingInitializerIsReportedWithItsTraceAndLeavesNoWorker() {
        long before = ProcessHandle.current().children().count();
        WorkerStartException e = assertThrows(WorkerStartException.class, () -> ProcessPool.builder().workers(2)
            .initializer(() -> {
                throw new IllegalStateException("no database here");
            }).build());
        RemoteTaskException cause = assertInstanceOf(RemoteTaskException.class, e.getCause());
        assertEquals("no database here", cause.remoteMessage());
        await().atMost(Duration.ofSeconds(15)).until(() -> ProcessHandle.current().children().count() <= before);

        ProcessPool pool = track(ProcessPool.builder().workers(1)
            .initializer(() -> System.setProperty("pool.test.ready", "yes")).build());
        assertEquals("yes", pool.submit(() -> System.getProperty("pool.test.ready")).join());
    }

    @Test
    void anInterruptedBuildLeavesNoWorkerBehind() {
        long before = ProcessHandle.current().children().count();
        Thread.currentThread().interrupt();
        WorkerStartException e = assertThrows(WorkerStartException.class, () -> ProcessPool.builder().workers(2).build());
        assertTrue(Thread.interrupted(), "build() keeps the interrupt");
        assertInstanceOf(InterruptedException.class, e.getCause());
        // the workers were still starting when build() gave up: each is stopped once it is ready
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
            .until(() -> ProcessHandle.current().children().count() > before);
        await().atMost(Duration.ofSeconds(30)).until(() -> ProcessHandle.current().children().count() <= before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pipe", "shm"})
    void maxTasksPerWorkerRecyclesWorkers(String transport) throws Exception {
        ProcessPool pool = track(on(transport).workers(2).maxTasksPerWorker(5).build());
        Set<Long> pids = new HashSet<>();
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            futures.add(pool.submit(Tasks::pid));
        }
        futures.forEach(f -> pids.add(f.join()));
        see(pids);
        assertTrue(pids.size() >= 6, "30 tasks, 5 per worker, ran in " + pids.size() + " workers");
        assertTrue(pool.workersStarted() >= 6);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pipe", "shm"})
    void aTaskOverItsTimeoutFailsAloneAndItsWorkerIsReplaced(String transport) throws Exception {
        ProcessPool pool = track(on(transport).workers(1).build());
        TaskOptions limit = TaskOptions.DEFAULTS.withTimeout(Duration.ofMillis(300));
        CompletableFuture<Long> slow = pool.submit(() -> Tasks.sleepThenPid(30_000), limit);
        CompletableFuture<Long> next = pool.submit(() -> Tasks.sleepThenPid(1), limit);
        ExecutionException e = assertThrows(ExecutionException.class, () -> slow.get(20, TimeUnit.SECONDS));
        assertInstanceOf(TaskTimeoutException.class, e.getCause());
        see(List.of(next.get(30, TimeUnit.SECONDS)));
    }

    @Test
    void lambdasFromAnyPackageRunButValuesOffTheAllowListAreRefusedUntilAllowed() throws Exception {
        ProcessPool strict = track(ProcessPool.builder().workers(1).build());
        // the lambdas a pool is given need no entry, wherever they are declared
        assertEquals(6, strict.submit(PoolTasks.triple(2)).get(30, TimeUnit.SECONDS));
        assertEquals(List.of(5, 10), strict.map(PoolTasks.times(5), List.of(1, 2)));
        // a value of a class off the list is refused where it is decoded: a result here, a captured value there
        ExecutionException result = assertThrows(ExecutionException.class,
            () -> strict.submit(() -> new PoolTasks.Point(1, 2)).get(30, TimeUnit.SECONDS));
        CodecException here = assertInstanceOf(CodecException.class, result.getCause());
        assertTrue(here.getMessage().contains(PoolTasks.Point.class.getName()), here.getMessage());
        PoolTasks.Point point = new PoolTasks.Point(3, 4);
        ExecutionException captured = assertThrows(ExecutionException.class,
            () -> strict.submit(() -> point.x()).get(30, TimeUnit.SECONDS));
        RemoteTaskException there = assertInstanceOf(RemoteTaskException.class, captured.getCause());
        assertEquals(CodecException.class.getName(), there.remoteClassName());
        assertTrue(there.getMessage().contains(PoolTasks.Point.class.getName()), there.getMessage());

        ProcessPool widened = track(ProcessPool.builder().workers(1).allow(PoolTasks.Point.class).build());
        assertEquals(new PoolTasks.Point(1, 2), widened.submit(() -> new PoolTasks.Point(1, 2)).get(30, TimeUnit.SECONDS));
        assertEquals(3, widened.submit(() -> point.x()).get(30, TimeUnit.SECONDS));
        assertThrows(IllegalArgumentException.class, () -> ProcessPool.builder().allow("*"));
    }

    @Test
    void valuesThatCannotCrossFailTheirTaskAndThePoolGoesOn() throws Exception {
        ProcessPool pool = track(ProcessPool.builder().workers(1).build());
        Object notSerializable = new Object();
        ExecutionException encode = assertThrows(ExecutionException.class,
            () -> pool.submit(() -> notSerializable.hashCode()).get(10, TimeUnit.SECONDS));
        assertInstanceOf(CodecException.class, encode.getCause());

        ExecutionException refused = assertThrows(ExecutionException.class,
            () -> pool.submit(() -> new java.util.concurrent.atomic.AtomicInteger(7)).get(30, TimeUnit.SECONDS));
        assertInstanceOf(CodecException.class, refused.getCause());
        assertTrue(refused.getCause().getMessage().contains("java.util.concurrent.atomic.AtomicInteger"),
            refused.getCause().getMessage());

        ExecutionException large = assertThrows(ExecutionException.class,
            () -> pool.submit(() -> new byte[8 << 20]).get(30, TimeUnit.SECONDS));
        RemoteTaskException tooLarge = assertInstanceOf(RemoteTaskException.class, large.getCause());
        assertEquals(ResultTooLargeException.class.getName(), tooLarge.remoteClassName());

        assertEquals(List.of(1, 4, 9), pool.map(Tasks::square, List.of(1, 2, 3)));
        assertNotEquals(0L, pool.submit(Tasks::pid).get(30, TimeUnit.SECONDS));
    }

    @Test
    void aFailureAfterASplitChunkNamesTheInputThatFailed() {
        ProcessPool pool = track(ProcessPool.builder().workers(1).build());
        // one chunk of 10 inputs of 100 kB results: answered in several DONE records before input 7 fails
        RemoteTaskException e = assertThrows(RemoteTaskException.class, () -> pool.map(x -> Tasks.largeUnless(x, 7),
            range(10, i -> i), TaskOptions.DEFAULTS.withChunkSize(10)));
        assertEquals(7, e.input().getAsInt(), e.getMessage());
        assertEquals("input 7 fails on purpose", e.remoteMessage());
    }

    @Test
    void blockingCallsOnTheCallbackThreadFailInsteadOfWaitingForever() throws Exception {
        ProcessPool pool = track(ProcessPool.builder().workers(1).build());
        // the task sleeps, so that each callback is registered before its future completes, on the callback thread
        CompletableFuture<List<Integer>> nested = pool.submit(() -> Tasks.sleepThenPid(300))
            .thenApply(x -> pool.map(Tasks::square, List.of(2)));
        ExecutionException e = assertThrows(ExecutionException.class, () -> nested.get(30, TimeUnit.SECONDS));
        IllegalStateException refused = assertInstanceOf(IllegalStateException.class, e.getCause());
        assertTrue(refused.getMessage().contains("callback thread"), refused.getMessage());
        CompletableFuture<Object> invoked = pool.submit(() -> Tasks.sleepThenPid(300))
            .thenApply(x -> assertThrows(IllegalStateException.class, () -> pool.invokeAll(List.<Task<Integer>>of(() -> 1))));
        assertInstanceOf(IllegalStateException.class, invoked.get(30, TimeUnit.SECONDS));
        // what does not block still works there
        CompletableFuture<List<Integer>> chained = pool.submit(() -> Tasks.sleepThenPid(300))
            .thenCompose(x -> pool.mapAsync(Tasks::square, List.of(3), TaskOptions.DEFAULTS));
        assertEquals(List.of(9), chained.get(30, TimeUnit.SECONDS));
    }

    @Test
    void tasksSubmittedWhileThePoolClosesAllComplete() throws Exception {
        ProcessPool pool = track(ProcessPool.builder().workers(1).build());
        List<CompletableFuture<Integer>> futures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> submitters = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            Thread thread = new Thread(() -> {
                try {
                    while (true) {
                        futures.add(pool.submit(() -> 1));
                    }
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    // the pool closed: the end of this submitter
                }
            });
            thread.start();
            submitters.add(thread);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> futures.size() >= 1_000); // submitters are busy
        pool.close();
        for (Thread thread : submitters) {
            thread.join(10_000);
        }
        int cancelled = 0;
        for (CompletableFuture<Integer> f : new ArrayList<>(futures)) {
            try {
                assertEquals(1, f.get(10, TimeUnit.SECONDS));
            } catch (CancellationException e) {
                cancelled++; // submitted as the pool ended
            }
        }
        assertTrue(futures.size() > cancelled, futures.size() + " submitted, " + cancelled + " cancelled");
    }

    @Test
    void aFailedDispatcherFailsEveryWaitingMap() throws Exception {
        ProcessPool pool = track(ProcessPool.builder().workers(1).build());
        java.lang.reflect.Field field = ProcessPool.class.getDeclaredField("dispatcher");
        field.setAccessible(true);
        Dispatcher dispatcher = (Dispatcher) field.get(pool);
        java.util.concurrent.CountDownLatch queued = new java.util.concurrent.CountDownLatch(1);
        dispatcher.submit((Runnable) () -> {
            try {
                queued.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("the dispatcher fails on purpose");
        });
        CompletableFuture<List<Integer>> map = pool.mapAsync(Tasks::square, range(100, i -> i), TaskOptions.DEFAULTS);
        CompletableFuture<Integer> task = pool.submit(() -> 1);
        queued.countDown();
        ExecutionException e = assertThrows(ExecutionException.class, () -> map.get(30, TimeUnit.SECONDS));
        assertInstanceOf(PoolException.class, e.getCause());
        assertThrows(ExecutionException.class, () -> task.get(30, TimeUnit.SECONDS));
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    }
}
