package io.jipc.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.jipc.testkit.NoLeaks;

/**
 * A task that runs its worker out of memory ends that worker (it exits rather than limping on) and fails only that
 * task, saying why; a task that overflows its stack fails as a remote exception and the worker goes on.
 */
@Timeout(120)
@ExtendWith(NoLeaks.class)
class WorkerFaultsTest {

    private final List<ProcessPool> pools = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (ProcessPool pool : pools) {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
    }

    /** Keeps every array it makes until the heap is full. */
    static long exhaustMemory() {
        List<long[]> hoard = new ArrayList<>();
        while (true) {
            hoard.add(new long[1 << 20]);
        }
    }

    static long recurse(long depth) {
        return recurse(depth + 1) + 1;
    }

    @Test
    void aTaskThatRunsOutOfMemoryEndsItsWorkerAndFailsAloneSayingWhy() throws Exception {
        ProcessPool pool = ProcessPool.builder().workers(1).spares(0).jvmOptions("-Xmx48m").build();
        pools.add(pool);
        long victim = pool.workerPids().get(0);
        ExecutionException e = assertThrows(ExecutionException.class,
            () -> pool.submit(WorkerFaultsTest::exhaustMemory).get(60, TimeUnit.SECONDS));
        WorkerDiedException died = assertInstanceOf(WorkerDiedException.class, e.getCause());
        assertEquals(victim, died.pid());
        assertEquals(Supervisor.EXIT_OUT_OF_MEMORY, died.exitCode().orElse(-1), died.getMessage());
        assertTrue(died.getMessage().contains("ran out of memory"), died.getMessage());
        assertEquals(42, (int) pool.submit(() -> 42).get(60, TimeUnit.SECONDS), "a new worker took its place");
    }

    @Test
    void aTaskThatOverflowsItsStackFailsAsARemoteExceptionAndTheWorkerGoesOn() throws Exception {
        ProcessPool pool = ProcessPool.builder().workers(1).spares(0).build();
        pools.add(pool);
        long worker = pool.workerPids().get(0);
        ExecutionException e = assertThrows(ExecutionException.class,
            () -> pool.submit(() -> recurse(0)).get(60, TimeUnit.SECONDS));
        RemoteTaskException remote = assertInstanceOf(RemoteTaskException.class, e.getCause());
        assertEquals(StackOverflowError.class.getName(), remote.remoteClassName());
        assertEquals(worker, (long) pool.submit(Tasks::pid).get(60, TimeUnit.SECONDS), "the same worker goes on");
    }
}
