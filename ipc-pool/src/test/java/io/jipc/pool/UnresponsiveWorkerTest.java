package io.jipc.pool;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.jipc.testkit.NoLeaks;
import io.jipc.testkit.Trees;

/**
 * A worker that is alive but frozen (SIGSTOP) holds its task no longer than the pool's unresponsive bound: it is
 * killed and replaced, its task fails with {@link WorkerUnresponsiveException}, and the pool goes on; a task that
 * merely runs long is not mistaken for one, since workers prove liveness from a background thread.
 */
@Timeout(120)
@ExtendWith(NoLeaks.class)
class UnresponsiveWorkerTest {

    private final List<ProcessPool> pools = new ArrayList<>();
    private final List<Long> stopped = new ArrayList<>();
    private Path dir;

    @AfterEach
    void cleanUp() throws Exception {
        for (long pid : stopped) {
            signal("CONT", pid);
        }
        for (ProcessPool pool : pools) {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
        Trees.delete(dir);
    }

    private ProcessPool pool(String transport) throws IOException {
        String uri = "pipe:";
        if (transport.equals("shm")) {
            dir = Files.createDirectory(Path.of("/dev/shm", "jipc-unresponsive-" + UUID.randomUUID().toString().substring(0, 8)));
            uri = "shm:" + dir + "/pool";
        }
        ProcessPool pool = ProcessPool.builder().workers(1).spares(0).transport(uri)
            .unresponsiveAfter(Duration.ofSeconds(1)).build();
        pools.add(pool);
        return pool;
    }

    private static void signal(String name, long pid) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start().waitFor();
    }

    @ParameterizedTest
    @ValueSource(strings = {"pipe", "shm"})
    void aFrozenWorkerIsKilledAndReplacedAndItsTaskFailsSayingSo(String transport) throws Exception {
        ProcessPool pool = pool(transport);
        assertEquals(2_500L, (long) pool.submit(() -> Tasks.sleepThenPid(2_500) * 0 + 2_500).get(30, TimeUnit.SECONDS),
            "a task running longer than the bound is not a frozen worker");
        long frozen = pool.workerPids().get(0);
        CompletableFuture<Long> held = pool.submit(() -> Tasks.sleepThenPid(60_000));
        await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ofMillis(200)).until(() -> !held.isDone());
        signal("STOP", frozen);
        stopped.add(frozen);
        ExecutionException e = assertThrows(ExecutionException.class, () -> held.get(30, TimeUnit.SECONDS));
        WorkerUnresponsiveException unresponsive = assertInstanceOf(WorkerUnresponsiveException.class, e.getCause());
        assertEquals(frozen, unresponsive.pid());
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(frozen).map(p -> !p.isAlive()).orElse(true));
        long replacement = pool.submit(Tasks::pid).get(60, TimeUnit.SECONDS);
        assertNotEquals(frozen, replacement, "a new worker took its place");
    }
}
