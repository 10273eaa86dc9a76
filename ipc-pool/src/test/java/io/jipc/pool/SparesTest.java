package io.jipc.pool;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.jipc.process.JvmProcess;
import io.jipc.testkit.NoLeaks;

/**
 * Warm spares: a worker killed with -9 or retired (on pipes and on shared memory) is replaced by a JVM that was
 * already running and warmed up, and the run that trains the ahead-of-time cache (the same warm-up, against a pool
 * side in its own JVM) completes.
 */
@Timeout(120)
@ExtendWith(NoLeaks.class)
class SparesTest {

    @ParameterizedTest
    @ValueSource(strings = {"pipe", "shm"})
    void aWorkerKilledWith9IsReplacedByTheSpareThatWasAlreadyRunning(String transport) throws Exception {
        try (PoolTransport on = PoolTransport.of(transport);
             ProcessPool pool = on.builder().workers(1).spares(1).build()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> pool.spareWorkers() == 1);
            long victim = pool.workerPids().get(0);
            long started = pool.workersStarted();
            Instant killed = Instant.now();
            ProcessHandle.of(victim).orElseThrow().destroyForcibly();
            await().atMost(Duration.ofSeconds(30))
                .until(() -> pool.workerPids().size() == 1 && !pool.workerPids().contains(victim));
            long replacement = pool.workerPids().get(0);
            Instant born = ProcessHandle.of(replacement).orElseThrow().info().startInstant().orElseThrow();
            assertTrue(born.isBefore(killed), "the replacement " + replacement + " started at " + born
                + ", after the kill at " + killed + ": it was not the spare");
            assertEquals(started + 1, pool.workersStarted());
            assertEquals(1, pool.workersLost());
            assertEquals(replacement, pool.submit(Tasks::pid).get(30, TimeUnit.SECONDS), "the spare runs tasks");
            List<Integer> inputs = IntStream.range(0, 1000).boxed().collect(Collectors.toList());
            assertEquals(inputs.stream().map(i -> i * i).collect(Collectors.toList()),
                pool.map(Tasks::square, inputs, TaskOptions.DEFAULTS.withChunkSize(1)));
            await().atMost(Duration.ofSeconds(60)).until(() -> pool.spareWorkers() == 1); // and a new spare
        }
    }

    /**
     * A worker that never becomes ready (here its initializer hangs; in CI once, a worker whose connection was dropped
     * before its HELLO) must not hold the pool's end for the start timeout: the pool kills what is still starting.
     */
    @Test
    void aWorkerStuckInItsStartDoesNotHoldThePoolsEnd(@TempDir Path dir) throws Exception {
        String hang = dir.resolve("hang").toString();
        String hanging = dir.resolve("hanging").toString();
        ProcessPool pool = ProcessPool.builder().workers(1).spares(0).startTimeout(Duration.ofSeconds(90))
            .initializer(() -> {
                if (Files.exists(Path.of(hang))) {
                    Files.createFile(Path.of(hanging));
                    Thread.sleep(120_000);
                }
            }).build();
        try {
            Files.createFile(Path.of(hang));
            long victim = pool.workerPids().get(0);
            ProcessHandle.of(victim).orElseThrow().destroyForcibly();
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(Path.of(hanging))); // the replacement hangs
            long begin = System.nanoTime();
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS), "the pool waited for its hanging replacement");
            long children = ProcessHandle.current().children().filter(ProcessHandle::isAlive).count();
            assertEquals(0, children, "the hanging replacement was killed; took "
                + (System.nanoTime() - begin) / 1_000_000 + " ms");
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(120, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pipe", "shm"})
    void aRetiredWorkerIsReplacedByTheSpare(String transport) throws Exception {
        try (PoolTransport on = PoolTransport.of(transport);
             ProcessPool pool = on.builder().workers(1).spares(1).maxTasksPerWorker(3).build()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> pool.spareWorkers() == 1);
            long first = pool.workerPids().get(0);
            for (int i = 0; i < 6; i++) {
                pool.submit(Tasks::pid).get(60, TimeUnit.SECONDS);
            }
            // retired once it has answered its last task: it leaves the list at the dispatcher's next look at its
            // workers (every 5 ms), which three more round trips can outrun on a fast CPU
            await().atMost(Duration.ofSeconds(10)).until(() -> !pool.workerPids().contains(first));
            assertEquals(0, pool.workersLost(), "retired, not lost");
        }
    }

    @Test
    void aPoolWithoutSparesStartsNone() throws Exception {
        try (ProcessPool pool = ProcessPool.builder().workers(1).spares(0).build()) {
            pool.submit(() -> Tasks.sleepThenPid(Spares.DELAY_NANOS / 1_000_000 + 300)).get(30, TimeUnit.SECONDS);
            assertEquals(0, pool.spareWorkers());
            assertEquals(1, ProcessHandle.current().children().filter(ProcessHandle::isAlive).count());
        }
    }

    @Test
    void theTrainingRunWarmsAWorkerUpInItsOwnJvmAndExits() {
        try (JvmProcess training = JvmProcess.builder(WorkerTraining.class)
                .args(StandardTaskCodec.class.getName(), "java.lang.Integer").start()) {
            assertTrue(training.join(Duration.ofSeconds(60)), "the training run did not end");
            assertEquals(0, training.exitCode().getAsInt());
        }
    }
}
