package io.jipc.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.jipc.internal.ProcessIdentity;
import org.junit.jupiter.api.extension.ExtendWith;
import io.jipc.testkit.NoLeaks;
import io.jipc.testkit.Trees;

/** A process pool whose workers connect over shared memory: it runs tasks, closes at once and leaves nothing behind. */
@Timeout(120)
@ExtendWith(NoLeaks.class)
class ShmPoolTest {

    private static final Path SHM = Paths.get("/dev/shm");

    private Path dir;
    private final List<ProcessIdentity> workers = new ArrayList<>();

    @BeforeEach
    void createDir() throws IOException {
        assumeTrue(Files.isDirectory(SHM) && Files.isWritable(SHM), "no /dev/shm here");
        dir = Files.createDirectory(SHM.resolve("jipc-pool-test-" + UUID.randomUUID().toString().substring(0, 8)));
    }

    @AfterEach
    void cleanUp() throws IOException {
        List<ProcessIdentity> outlived = new ArrayList<>();
        for (ProcessIdentity worker : workers) {
            // kill only a child of this JVM that is still the process seen, never whoever reuses its pid
            ProcessHandle.current().children()
                .filter(child -> child.pid() == worker.pid() && worker.isAlive())
                .forEach(child -> {
                    child.destroyForcibly();
                    outlived.add(worker);
                });
        }
        Trees.delete(dir);
        assertEquals(List.of(), outlived, "workers that outlived their pool");
    }

    @Test
    void aPoolOverShmRunsTasksThenClosesWithinAFractionOfTheGracePeriodLeavingNothing() throws Exception {
        Duration grace = Duration.ofSeconds(5);
        ProcessPool pool = ProcessPool.builder().workers(2).grace(grace).transport("shm:" + dir + "/pool").build();
        try {
            for (long pid : pool.workerPids()) {
                ProcessHandle.of(pid).ifPresent(p -> workers.add(ProcessIdentity.of(p)));
            }
            assertEquals(2, workers.size(), "workers: " + pool.workerPids());

            List<Integer> inputs = IntStream.range(0, 1_000).boxed().collect(Collectors.toList());
            List<Integer> squares = pool.map(ShmPoolTasks::square, inputs);
            assertEquals(inputs.stream().map(i -> i * i).collect(Collectors.toList()), squares);
            long pid = pool.submit(ShmPoolTasks::pid).get(30, TimeUnit.SECONDS);
            assertTrue(pool.workerPids().contains(pid), pid + " is not one of " + pool.workerPids());

            long started = System.nanoTime();
            pool.close();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            // a worker that sees its channel close exits at once; one that does not is terminated after the grace
            assertTrue(took.compareTo(grace.dividedBy(2)) < 0, "close took " + took + "; the grace period is " + grace);
        } finally {
            pool.shutdownNow();
        }
        assertTrue(pool.isTerminated());
        for (ProcessIdentity worker : workers) {
            assertTrue(!worker.isAlive(), worker + " still runs after close");
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.map(p -> p.getFileName().toString()).collect(Collectors.toList()),
                "files left in " + dir);
        }
    }
}
