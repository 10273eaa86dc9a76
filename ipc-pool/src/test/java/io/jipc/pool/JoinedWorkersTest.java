package io.jipc.pool;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.jipc.Channel;
import io.jipc.EndpointException;
import io.jipc.Ipc;
import io.jipc.IpcOptions;
import io.jipc.PeerGoneException;
import io.jipc.process.ChildProcess;
import org.junit.jupiter.api.extension.ExtendWith;
import io.jipc.testkit.NoLeaks;
import io.jipc.testkit.Trees;

/**
 * Workers the pool did not start: started by hand with {@link ProcessPool#workerCommand()}, they join a pool on a
 * transport it binds, take tasks like its own, and their death fails only their tasks; the pool never restarts
 * them. On {@code shm:} the pool knows its own workers by the pid the transport vouches for; on a transport that
 * cannot vouch for one ({@link PidlessTransport}, standing in for TCP) by the token it hands them, with the key in
 * their environment.
 */
@Timeout(120)
@ExtendWith(NoLeaks.class)
class JoinedWorkersTest {

    private static final Path SHM = Paths.get("/dev/shm");

    private Path dir;
    private final List<ProcessPool> pools = new ArrayList<>();
    private final List<ChildProcess> byHand = new ArrayList<>();
    private final List<Channel> channels = new ArrayList<>();

    @BeforeEach
    void createDir() throws IOException {
        assumeTrue(Files.isDirectory(SHM) && Files.isWritable(SHM), "no /dev/shm here");
        dir = Files.createDirectory(SHM.resolve("jipc-joined-test-" + UUID.randomUUID().toString().substring(0, 8)));
    }

    @AfterEach
    void cleanUp() throws Exception {
        channels.forEach(c -> c.close(Duration.ZERO));
        for (ProcessPool pool : pools) {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), pool + " did not terminate");
        }
        List<Long> outlived = new ArrayList<>();
        for (ChildProcess worker : byHand) {
            if (!worker.join(Duration.ofSeconds(10))) {
                outlived.add(worker.pid());
                worker.kill();
            }
        }
        Trees.delete(dir);
        assertEquals(List.of(), outlived, "workers started by hand that outlived their pool");
    }

    private ProcessPool track(ProcessPool pool) {
        pools.add(pool);
        return pool;
    }

    /** Starts a worker by hand, with the command the pool prints, and the environment given (name, value...). */
    private ChildProcess startByHand(ProcessPool pool, String... environment) {
        ChildProcess.Builder builder = ChildProcess.command(pool.workerCommand());
        for (int i = 0; i < environment.length; i += 2) {
            builder.env(environment[i], environment[i + 1]);
        }
        ChildProcess worker = builder.start();
        byHand.add(worker);
        return worker;
    }

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().collect(Collectors.toList());
    }

    @Test
    void whatATransportCannotDoIsRefusedBeforeAnyWorkerStarts() {
        long before = ProcessHandle.current().children().count();
        EndpointException keyed = assertThrows(EndpointException.class, () -> ProcessPool.builder().workers(1)
            .transport("shm:" + dir + "/pool", IpcOptions.authKey(new byte[] {1, 2, 3})).build());
        assertTrue(keyed.getMessage().contains("authKey") && !keyed.getMessage().contains("[1, 2, 3]"), keyed.getMessage());
        assertThrows(EndpointException.class, () -> ProcessPool.builder()
            .transport("pipe:", IpcOptions.authKey(new byte[] {1})).build());
        assertThrows(IllegalArgumentException.class, () -> ProcessPool.builder().workers(0).build(),
            "nobody can join a pool on pipes");
        assertEquals(before, ProcessHandle.current().children().count(), "a worker was started");
    }

    @Test
    void aWorkerStartedByHandJoinsTakesTasksAndLeavesWithThePool() throws Exception {
        ProcessPool pool = track(ProcessPool.builder().workers(1).transport("shm:" + dir + "/pool").build());
        long local = pool.workerPids().get(0);
        List<String> command = pool.workerCommand();
        assertEquals(List.of(Worker.class.getName(), pool.endpoint().orElseThrow().toString()),
            command.subList(command.size() - 2, command.size()));

        ChildProcess worker = startByHand(pool);
        await().atMost(Duration.ofSeconds(30)).until(() -> pool.workersJoined() == 1);
        assertEquals(Set.of(local, worker.pid()), Set.copyOf(pool.workerPids()), "shm vouches for the joined pid");

        Set<Long> ranIn = new HashSet<>(pool.map(x -> Tasks.sleepThenPid(5), range(200),
            TaskOptions.DEFAULTS.withChunkSize(1)));
        assertEquals(Set.of(local, worker.pid()), ranIn, "both workers took tasks");
        assertEquals(1, pool.workersStarted(), "a worker that joined is not one the pool started");

        pool.close();
        assertTrue(worker.join(Duration.ofSeconds(15)), "the joined worker saw the pool close");
        assertEquals(0, worker.exitCode().getAsInt());
    }

    @Test
    void aJoinedWorkerKilledMidTaskFailsOnlyItsTasksAndIsNotRestarted() throws Exception {
        ProcessPool pool = track(ProcessPool.builder().workers(1).transport("shm:" + dir + "/pool").build());
        long local = pool.workerPids().get(0);
        ChildProcess worker = startByHand(pool);
        await().atMost(Duration.ofSeconds(30)).until(() -> pool.workersJoined() == 1);
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            futures.add(pool.submit(() -> Tasks.sleepThenPid(300)));
        }
        // once it answered one, it holds the next: tasks are still waiting
        await().atMost(Duration.ofSeconds(30)).until(() -> futures.stream()
            .anyMatch(f -> f.isDone() && !f.isCompletedExceptionally() && f.join() == worker.pid()));
        worker.kill();
        int died = 0;
        for (CompletableFuture<Long> f : futures) {
            try {
                long pid = f.get(60, TimeUnit.SECONDS);
                assertTrue(pid == local || pid == worker.pid(), "ran in " + pid);
            } catch (ExecutionException e) {
                WorkerDiedException dead = assertInstanceOf(WorkerDiedException.class, e.getCause());
                assertEquals(worker.pid(), dead.pid());
                assertTrue(dead.exitCode().isEmpty(), "the pool cannot see a joined worker's exit code");
                died++;
            }
        }
        assertEquals(1, died, "the one task the killed worker held");
        assertEquals(1, pool.workersLost());
        assertEquals(List.of(local), pool.workerPids(), "nobody replaces a worker the pool did not start");
        assertEquals(1, pool.workersStarted());
        assertEquals(List.of(0, 1, 4), pool.map(Tasks::square, List.of(0, 1, 2)), "the pool goes on");
    }

    @Test
    void aJoinedWorkerStoppedByItsWatchdogFailsOnlyTheTaskThatOverran() throws Exception {
        ProcessPool pool = track(ProcessPool.builder().workers(0).transport("shm:" + dir + "/pool").build());
        assertEquals(List.of(), pool.workerPids());
        startByHand(pool);
        startByHand(pool);
        await().atMost(Duration.ofSeconds(30)).until(() -> pool.workersJoined() == 2);
        TaskOptions limit = TaskOptions.DEFAULTS.withTimeout(Duration.ofMillis(300));
        CompletableFuture<Long> slow = pool.submit(() -> Tasks.sleepThenPid(30_000), limit);
        CompletableFuture<Long> quick = pool.submit(() -> Tasks.sleepThenPid(1), limit);
        ExecutionException e = assertThrows(ExecutionException.class, () -> slow.get(30, TimeUnit.SECONDS));
        assertInstanceOf(TaskTimeoutException.class, e.getCause());
        long survivor = quick.get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.workerPids().equals(List.of(survivor)));
    }

    @Test
    void connectionsThatAreNotWorkersAreClosedWithoutHoldingUpTheOthers() throws Exception {
        ProcessPool pool = track(ProcessPool.builder().workers(1).transport("shm:" + dir + "/pool").build());
        String endpoint = pool.endpoint().orElseThrow().toString();
        Channel silent = Ipc.connect(endpoint); // says nothing: greeted on a thread of its own
        channels.add(silent);

        Channel garbage = Ipc.connect(endpoint);
        channels.add(garbage);
        garbage.send("GET / HTTP/1.1".getBytes(StandardCharsets.US_ASCII));
        assertThrows(PeerGoneException.class, () -> garbage.receive(Duration.ofSeconds(20)));

        Channel otherVersion = Ipc.connect(endpoint);
        channels.add(otherVersion);
        UnsafeBuffer hello = new UnsafeBuffer(new byte[PoolProtocol.HELLO_HEADER]);
        Hello.write(hello, 0, 42, new byte[0]);
        hello.putInt(PoolProtocol.HELLO_VERSION_OFFSET, PoolProtocol.VERSION + 1, PoolProtocol.ORDER);
        otherVersion.send(hello, 0, hello.capacity(), Duration.ofSeconds(5));
        assertThrows(PeerGoneException.class, () -> otherVersion.receive(Duration.ofSeconds(20)));

        ChildProcess worker = startByHand(pool);
        await().atMost(Duration.ofSeconds(30)).until(() -> pool.workerPids().contains(worker.pid()));
        assertEquals(1, pool.workersJoined(), "only the worker joined");
        assertEquals(List.of(1, 4, 9), pool.map(Tasks::square, List.of(1, 2, 3)));
    }

    @Test
    void whereTheTransportCannotVouchForAPidTheWorkersAreKnownByTheirTokenAndGetTheKeyInTheirEnvironment()
            throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String keyText = IpcOptions.environmentValue(key);
        ProcessPool pool = track(ProcessPool.builder().workers(2).startTimeout(Duration.ofSeconds(30))
            .transport(PidlessTransport.SCHEME + ":" + dir + "/pool", IpcOptions.authKey(key)).build());
        List<Long> own = pool.workerPids();
        assertEquals(2, own.size());
        for (long pid : own) {
            String commandLine = Files.readString(Paths.get("/proc", Long.toString(pid), "cmdline"),
                StandardCharsets.ISO_8859_1);
            assertFalse(commandLine.contains(keyText.substring("base64:".length())), "the key on a command line");
            assertFalse(commandLine.contains(PoolProtocol.TOKEN_ENVIRONMENT), "a token on a command line");
        }
        assertFalse(String.join(" ", pool.workerCommand()).contains(keyText.substring("base64:".length())));

        // by hand, with the key and a token the pool never handed out: a worker that joins, not one of its own
        ChildProcess joined = startByHand(pool, IpcOptions.AUTH_KEY_ENVIRONMENT, keyText,
            PoolProtocol.TOKEN_ENVIRONMENT, "00112233445566778899aabbccddeeff");
        await().atMost(Duration.ofSeconds(30)).until(() -> pool.workersJoined() == 1);
        assertTrue(pool.workerPids().contains(joined.pid()), "the pid it announced: " + pool.workerPids());
        // with another key: refused by the transport before it says anything; it leaves
        byte[] wrong = key.clone();
        wrong[0] ^= 1;
        ChildProcess refused = startByHand(pool, IpcOptions.AUTH_KEY_ENVIRONMENT, IpcOptions.environmentValue(wrong));
        assertTrue(refused.join(Duration.ofSeconds(30)), "a worker with the wrong key was left waiting");

        Set<Long> ranIn = new HashSet<>(pool.map(x -> Tasks.sleepThenPid(5), range(300),
            TaskOptions.DEFAULTS.withChunkSize(1)));
        Set<Long> expected = new HashSet<>(own);
        expected.add(joined.pid());
        assertEquals(expected, ranIn);
        assertEquals(1, pool.workersJoined());
        pool.close();
        assertTrue(joined.join(Duration.ofSeconds(15)));
    }
}
