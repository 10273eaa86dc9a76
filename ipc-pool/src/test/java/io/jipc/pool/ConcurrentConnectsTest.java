package io.jipc.pool;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.jipc.Channel;
import io.jipc.Ipc;
import io.jipc.IpcException;
import io.jipc.PeerGoneException;
import io.jipc.children.StrayClient;
import io.jipc.process.ChildProcess;
import io.jipc.process.JvmProcess;
import io.jipc.testkit.NoLeaks;

/**
 * Workers connect to a pool's server concurrently: a stray same-user client that connects first and says nothing or
 * garbage, one killed -9 after connecting, or one of the pool's own workers killed -9 while it starts, neither delays
 * nor fails the start of the others; the strays are closed, each with a logged reason, and the killed worker is
 * replaced before {@code build()} returns. Replacements killed while they start are started again, without the
 * back-off of a failing start.
 */
@Timeout(240)
@ExtendWith(NoLeaks.class)
class ConcurrentConnectsTest {

    /**
     * Runs each asynchronous step of a test on a thread of its own: on 2 cores the common pool may have a single
     * thread (JDK 25 uses it even then), and a step that loops there would hold up the next.
     */
    private static final java.util.concurrent.Executor OWN_THREAD = step -> new Thread(step, "test-step").start();

    private final List<ProcessPool> pools = new ArrayList<>();
    /** Pools being built on another thread: shut down in the end even when the test failed before they were built. */
    private final List<CompletableFuture<ProcessPool>> builds = new ArrayList<>();
    private final List<Channel> channels = new ArrayList<>();
    private final List<ChildProcess> children = new ArrayList<>();
    private PoolTransport transport;
    private LogCapture log;

    @AfterEach
    void cleanUp() throws Exception {
        try {
            channels.forEach(c -> c.close(Duration.ZERO));
            for (CompletableFuture<ProcessPool> build : builds) {
                try {
                    ProcessPool pool = build.get(180, TimeUnit.SECONDS);
                    if (!pools.contains(pool)) {
                        pools.add(pool);
                    }
                } catch (java.util.concurrent.ExecutionException failed) {
                    // nothing to shut down: a failed build leaves no worker
                }
            }
            for (ProcessPool pool : pools) {
                pool.shutdownNow();
                assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), pool + " did not terminate");
            }
            children.forEach(ChildProcess::close);
        } finally {
            if (log != null) {
                log.close();
            }
            if (transport != null) {
                transport.close();
            }
        }
    }

    private PoolTransport on(String name) throws IOException {
        log = new LogCapture();
        transport = PoolTransport.of(name);
        return transport;
    }

    /** Connects from this JVM as soon as the pool binds {@code endpoint} (a same-user client that is no worker). */
    private Channel connectOnceBound(String endpoint) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                Channel channel = Ipc.connect(endpoint);
                synchronized (channels) {
                    channels.add(channel);
                }
                return channel;
            } catch (IpcException notBoundYet) {
                if (System.nanoTime() - deadline > 0) {
                    throw notBoundYet;
                }
                LockSupport.parkNanos(2_000_000);
            }
        }
    }

    @Test
    void straysThatSayNothingOrGarbageDelayNoWorkerAndAreClosedSayingWhy() throws Exception {
        PoolTransport on = on("shm"); // greeting is the same on every bound transport: unix is tried below
        // the strays connect the moment the pool binds, while its worker JVMs are still starting: ahead of them
        CompletableFuture<List<Channel>> strays = CompletableFuture.supplyAsync(() -> {
            List<Channel> connected = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                connected.add(connectOnceBound(on.uri()));
            }
            connected.get(2).send("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            return connected;
        }, OWN_THREAD);
        ProcessPool pool = on.builder().workers(2).spares(0).build();
        pools.add(pool);
        List<Channel> connected = strays.get(60, TimeUnit.SECONDS);
        List<Channel> silent = connected.subList(0, 2);
        Channel garbage = connected.get(2);
        // greeted one by one, the workers would have waited for the silent strays' HELLO timeout: they are still open
        assertFalse(silent.get(0).isReady() || silent.get(1).isReady(), "build() waited for the silent strays' timeout");
        assertEquals(2, pool.workerPids().size(), "workers: " + pool.workerPids());
        assertEquals(List.of(1, 4, 9), pool.map(Tasks::square, List.of(1, 2, 3)));

        assertThrows(PeerGoneException.class, () -> garbage.receive(Duration.ofSeconds(30)), "garbage is closed");
        for (Channel stray : silent) { // after the HELLO timeout
            assertThrows(PeerGoneException.class, () -> stray.receive(Duration.ofSeconds(60)), "a silent stray is closed");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> log.count("WARN .*closing a channel from .*HELLO") == 1
            && log.count("WARN .*closing a channel from ") == 3);
        assertEquals(0, pool.workersJoined(), "no stray joined");
        assertEquals(2, pool.workersStarted());
    }

    @ParameterizedTest
    @ValueSource(strings = {"shm", "unix"})
    void aStrayKilledAfterConnectingAndAWorkerKilledWhileStartingDelayNoOtherWorker(String name) throws Exception {
        PoolTransport on = on(name);
        JvmProcess stray = JvmProcess.builder(StrayClient.class).args(on.uri()).stderr(ChildProcess.Stderr.CAPTURE)
            .start();
        children.add(stray);
        CompletableFuture<Long> killedWorker = CompletableFuture.supplyAsync(ConcurrentConnectsTest::killFirstWorker, OWN_THREAD);
        CompletableFuture<ProcessPool> building = CompletableFuture.supplyAsync(
            () -> on.builder().workers(2).spares(0).build(), OWN_THREAD);
        builds.add(building);
        // generous: on a loaded machine the stray's JVM may start long after the pool's workers
        await().atMost(Duration.ofSeconds(150)).until(() -> stray.capturedStderr().contains(StrayClient.CONNECTED)
            || building.isDone() && !stray.isAlive());
        stray.kill();
        ProcessPool pool = building.get(150, TimeUnit.SECONDS);
        long killed = killedWorker.get(10, TimeUnit.SECONDS);

        List<Long> pids = pool.workerPids();
        assertEquals(2, pids.size(), "workers: " + pids);
        assertFalse(pids.contains(killed), "the killed worker " + killed + " is among " + pids);
        assertEquals(List.of(1, 4, 9), pool.map(Tasks::square, List.of(1, 2, 3)));
        assertTrue(stray.capturedStderr().contains(StrayClient.CONNECTED), "the stray did not connect: "
            + stray.capturedStderr());
        await().atMost(Duration.ofSeconds(30)).until(() -> log.count("WARN .*closing a channel from peer process "
            + stray.pid() + "\\b") == 1);
        assertEquals(0, pool.workersJoined(), "the stray did not join");
    }

    @Test
    void replacementsKilledWhileStartingAreStartedAgainAndTheWaitingTaskRuns() throws Exception {
        ProcessPool pool = on("shm").builder().workers(1).spares(0).build();
        pools.add(pool);
        long first = pool.workerPids().get(0);
        Set<Long> known = new HashSet<>(Set.of(first));
        CompletableFuture<Set<Long>> killing = CompletableFuture.supplyAsync(() -> killNewWorkers(known, 3), OWN_THREAD);
        ProcessHandle.of(first).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofSeconds(30)).until(() -> !pool.workerPids().contains(first));
        CompletableFuture<Long> task = pool.submit(Tasks::pid); // waits: no worker now
        Set<Long> killed = killing.get(60, TimeUnit.SECONDS);
        long ranIn = task.get(60, TimeUnit.SECONDS); // three failed starts in a row, yet not "no worker could start"
        assertFalse(killed.contains(ranIn) || ranIn == first, ranIn + " is one of the killed " + killed);
        assertEquals(List.of(ranIn), pool.workerPids());
    }

    /** Kills (-9) the first pool worker JVM this JVM starts, the moment it appears. @return its pid */
    private static long killFirstWorker() {
        return killNewWorkers(new HashSet<>(), 1).iterator().next();
    }

    /**
     * Kills (-9) the next {@code count} pool worker JVMs this JVM starts, each the moment it appears.
     *
     * @param known the pids of workers to leave alone
     * @return the pids killed
     */
    private static Set<Long> killNewWorkers(Set<Long> known, int count) {
        Set<Long> killed = new HashSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (killed.size() < count) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("only " + killed.size() + " of " + count + " new pool workers started");
            }
            Optional<ProcessHandle> worker = ProcessHandle.current().children()
                .filter(child -> !known.contains(child.pid()) && commandLine(child).contains(Worker.class.getName()))
                .findFirst();
            if (worker.isPresent()) {
                worker.get().destroyForcibly();
                known.add(worker.get().pid());
                killed.add(worker.get().pid());
            } else {
                LockSupport.parkNanos(5_000_000); // a JVM takes far longer to reach its connect
            }
        }
        return killed;
    }

    /** @return the process's arguments, main class included */
    private static List<String> commandLine(ProcessHandle process) {
        try {
            return List.of(Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"),
                StandardCharsets.ISO_8859_1).split("\0"));
        } catch (IOException gone) {
            return List.of();
        }
    }
}
