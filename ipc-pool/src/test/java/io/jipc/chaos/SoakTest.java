package io.jipc.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jipc.Channel;
import io.jipc.ChannelServer;
import io.jipc.Ipc;
import io.jipc.pool.ProcessPool;
import io.jipc.pool.TaskOptions;
import io.jipc.process.JvmProcess;
import io.jipc.shm.SharedLong;
import io.jipc.sync.IpcLock;
import io.jipc.testkit.EchoPeer;
import io.jipc.testkit.NoLeaks;

/**
 * Steady load for {@link Chaos#SOAK}: a pool on shared memory whose workers are replaced every few hundred tasks,
 * a pipe channel to a child echoing every message, shm channels opened, used and closed twice a second, a lock and
 * a shared counter taken every tick and reopened every second. Every few seconds it samples this JVM's file
 * descriptors, mappings, threads and resident memory after a collection ({@link ResourceSample}); none may grow
 * from the first quarter of the run to the last beyond its slack. The samples are logged.
 */
@Tag("soak")
@ExtendWith(NoLeaks.class)
class SoakTest {

    private static final Logger LOG = LoggerFactory.getLogger(SoakTest.class);
    private static final Duration TICK = Duration.ofMillis(5);
    private static final Duration WAIT = Duration.ofSeconds(10);
    /**
     * Slack of each resource, beyond the noise of one moment (a worker being replaced while sampled holds its
     * pipes and threads; the JVM adds a malloc arena or a compiler thread when it likes); a leak of one descriptor,
     * mapping or thread per worker replaced or per channel opened exceeds it within the short form's run.
     */
    private static final long DESCRIPTOR_SLACK = 8;
    private static final long MAPPING_SLACK = 40;
    private static final long THREAD_SLACK = 6;
    /** At least 64 MiB, or a quarter of the first: the heap's size after a collection is the collector's choice. */
    private static final long RESIDENT_SLACK_KIB = 64 * 1024;

    private final Queue<String> problems = new ConcurrentLinkedQueue<>();

    @Test
    void descriptorsMappingsThreadsAndResidentMemoryStayFlatUnderSteadyLoad() throws Exception {
        assumeTrue(Files.isWritable(Paths.get("/dev/shm")), "no /dev/shm here");
        Duration interval = Chaos.SOAK.dividedBy(30).compareTo(Duration.ofSeconds(2)) > 0
            ? Chaos.SOAK.dividedBy(30) : Duration.ofSeconds(2);
        List<ResourceSample> samples = new ArrayList<>();
        try (Residue residue = new Residue("soak")) {
            run(residue, interval, samples);
            // checked here, once run's frame (which held the lock and the counter) is gone: they unmap when collected
            residue.assertNothingLeft("the soak");
        }
        String table = ResourceSample.table(samples);
        LOG.info("soak samples, every {} ms:\n{}", interval.toMillis(), table);
        assertEquals(List.of(), new ArrayList<>(problems), "wrong results");
        assertTrue(samples.size() >= 4, "too few samples to judge: " + samples.size() + "; run longer");
        long firstResident = samples.get(0).residentKib();
        List<String> grown = Arrays.asList(
                ResourceSample.growth(samples, "open file descriptors", ResourceSample::descriptors, DESCRIPTOR_SLACK),
                ResourceSample.growth(samples, "mappings", ResourceSample::mappings, MAPPING_SLACK),
                ResourceSample.growth(samples, "threads", ResourceSample::threads, THREAD_SLACK),
                ResourceSample.growth(samples, "resident KiB", ResourceSample::residentKib,
                    Math.max(RESIDENT_SLACK_KIB, firstResident / 4)))
            .stream().filter(Objects::nonNull).collect(Collectors.toList());
        assertEquals(List.of(), grown, "resources grew during the soak:\n" + table);
    }

    /** The load, for {@link Chaos#SOAK}, sampling every {@code interval}; the files are removed at the end. */
    private void run(Residue residue, Duration interval, List<ResourceSample> samples) throws Exception {
        String lockUri = residue.uri("soak.lock");
        String counterUri = residue.uri("counter");
        ExecutorService connector = Executors.newSingleThreadExecutor(r -> new Thread(r, "soak-connector"));
        long ticks = 0;
        long tasks = 0;
        long rounds = 0;
        try (ProcessPool pool = ProcessPool.builder().workers(2).maxTasksPerWorker(500)
                 .transport(residue.uri("pool")).build();
             JvmProcess peer = JvmProcess.builder(EchoPeer.class).args("pipe:stdio").start();
             ChannelServer server = Ipc.bind(residue.uri("rounds?capacity=64k"))) {
            Channel pipe = peer.channel();
            Semaphore inFlight = new Semaphore(32);
            IpcLock lock = IpcLock.open(lockUri);
            SharedLong counter = SharedLong.open(counterUri);
            long started = System.nanoTime();
            long end = started + Chaos.SOAK.toNanos();
            long nextSample = started + interval.toNanos();
            try {
                while (System.nanoTime() < end) {
                    ticks++;
                    if (inFlight.tryAcquire()) {
                        submit(pool, ticks, inFlight);
                        tasks++;
                    }
                    if (ticks % 400 == 0) {
                        map(pool, ticks);
                    }
                    echo(pipe, ticks);
                    try (IpcLock.Held held = lock.acquire(WAIT)) {
                        assertTrue(!held.previousOwnerDied(), "nobody dies in the soak");
                        counter.setPlain(counter.getPlain() + 1);
                    }
                    if (ticks % 200 == 0) {
                        lock.close();
                        counter.close();
                        lock = IpcLock.open(lockUri);
                        counter = SharedLong.open(counterUri);
                    }
                    if (ticks % 100 == 0) {
                        round(server, connector, ticks);
                        rounds++;
                    }
                    if (System.nanoTime() >= nextSample) {
                        samples.add(ResourceSample.take(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
                        nextSample += interval.toNanos();
                    }
                    Thread.sleep(TICK.toMillis());
                }
                assertTrue(inFlight.tryAcquire(32, 60, TimeUnit.SECONDS), "tasks still running a minute after the soak");
                assertEquals(ticks, counter.get(), "the counter against the ticks that took the lock");
                LOG.info("soak: {} ticks, {} tasks, {} shm channels opened and closed, {} workers started",
                    ticks, tasks, rounds, pool.workersStarted());
            } finally {
                lock.close();
                counter.close();
            }
        } finally {
            connector.shutdownNow();
            assertTrue(connector.awaitTermination(10, TimeUnit.SECONDS));
        }
        IpcLock.unlink(lockUri);
        SharedLong.unlink(counterUri);
    }

    private void submit(ProcessPool pool, long n, Semaphore inFlight) {
        pool.submit(() -> ChaosTasks.work(n, 1)).whenComplete((result, failure) -> {
            inFlight.release();
            if (failure != null || !Objects.equals(result, ChaosTasks.expected(n))) {
                problems.add("task " + n + ": " + (failure != null ? failure : result));
            }
        });
    }

    private void map(ProcessPool pool, long n) {
        List<Long> inputs = LongStream.range(n, n + 100).boxed().collect(Collectors.toList());
        List<Long> expected = inputs.stream().map(ChaosTasks::expected).collect(Collectors.toList());
        pool.mapAsync(ChaosTasks::quick, inputs, TaskOptions.DEFAULTS).whenComplete((result, failure) -> {
            if (failure != null || !expected.equals(result)) {
                problems.add("map from " + n + ": " + (failure != null ? failure : result));
            }
        });
    }

    private static void echo(Channel pipe, long n) {
        byte[] message = ByteBuffer.allocate(Long.BYTES).putLong(n).array();
        pipe.send(message, WAIT);
        byte[] back = pipe.receive(WAIT);
        assertTrue(Arrays.equals(message, back), "echo " + n);
    }

    /** Connects a client to the server (from another thread), sends a few messages each way, closes both ends. */
    private static void round(ChannelServer server, ExecutorService connector, long n) throws Exception {
        Future<Channel> connecting = connector.submit(() -> Ipc.connect(server.endpoint().toString(), WAIT));
        try (Channel accepted = server.accept(WAIT)) {
            Channel client = connecting.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            try {
                for (int i = 0; i < 10; i++) {
                    byte[] message = ByteBuffer.allocate(Long.BYTES * 2).putLong(n).putLong(i).array();
                    client.send(message, WAIT);
                    assertTrue(Arrays.equals(message, accepted.receive(WAIT)), "round " + n + " to the server");
                    accepted.send(message, WAIT);
                    assertTrue(Arrays.equals(message, client.receive(WAIT)), "round " + n + " to the client");
                }
            } finally {
                client.close(Duration.ZERO);
            }
        }
    }
}
