package io.jipc.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jipc.internal.ProcessIdentity;
import io.jipc.pool.ProcessPool;
import io.jipc.pool.RemoteTaskException;
import io.jipc.pool.TaskOptions;
import io.jipc.pool.WorkerDiedException;
import io.jipc.pool.WorkerUnresponsiveException;
import io.jipc.testkit.NoLeaks;

/**
 * A pool of two workers (on pipes, then on shared memory) running a stream of tasks while a {@link ChaosMonkey}
 * kills and stops its workers: every future completes, with its result or a specific exception; every idempotent
 * task and map succeeds; the pool still works afterwards, closes, and leaves no process, thread, file, descriptor
 * or mapping behind.
 */
@Tag("chaos")
@ExtendWith(NoLeaks.class)
class PoolChaosTest {

    private static final Logger LOG = LoggerFactory.getLogger(PoolChaosTest.class);

    /**
     * Silence that makes a worker unresponsive; stops last from a tenth of {@link #PLAN}'s maximum to all of it, so
     * some end before it and some after. Not shorter: on two loaded cores a starting worker can be silent for 1.5 s.
     */
    private static final Duration UNRESPONSIVE = Duration.ofMillis(3_000);
    /**
     * One fault at a time, a third of a second apart or more, and none before every task in flight at the last one has
     * completed: so an idempotent task's one retry never meets a second fault.
     */
    private static final ChaosMonkey.Plan PLAN = new ChaosMonkey.Plan(Duration.ofMillis(300), Duration.ofMillis(1_200),
        Duration.ofMillis(5_000), 0.6);
    /** Tasks in flight at most: enough that a fault always finds some, few enough that two cores keep up. */
    private static final int IN_FLIGHT = 64;
    private static final int MAP_SIZE = 16;

    private enum Kind { PLAIN, IDEMPOTENT, FAILING, MAP, IDEMPOTENT_MAP }

    private record Submitted(Kind kind, long input, CompletableFuture<?> future) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"pipe", "shm"})
    void everyFutureCompletesAndIdempotentWorkSurvivesKillsAndStops(String transport) throws Exception {
        assumeTrue(Files.isWritable(Paths.get("/dev/shm")), "no /dev/shm here");
        long seed = Chaos.seed();
        Set<ProcessIdentity> workers = ConcurrentHashMap.newKeySet();
        List<Submitted> submitted = new ArrayList<>();
        try (Residue residue = new Residue("pool-" + transport)) {
            ProcessPool pool = ProcessPool.builder().workers(2)
                .transport(transport.equals("shm") ? residue.uri("pool") : "pipe:")
                .unresponsiveAfter(UNRESPONSIVE).build();
            String summary;
            try {
                Map<Long, Long> inFlightSince = new ConcurrentHashMap<>();
                try (ChaosMonkey monkey = new ChaosMonkey("pool-" + transport, seed, PLAN, lastFault -> {
                    if (inFlightSince.values().stream().anyMatch(since -> since <= lastFault)) {
                        return List.of(); // not recovered yet: a retried task may still be held
                    }
                    List<Long> pids = pool.workerPids();
                    pids.forEach(pid -> workers.add(ProcessIdentity.of(pid)));
                    return pids;
                })) {
                    submitUntil(pool, new Random(seed + 1), System.nanoTime() + Chaos.SCENARIO.toNanos(), submitted,
                        inFlightSince);
                    summary = monkey.summary();
                    awaitAll(submitted, summary);
                    List<String> problems = check(submitted, monkey.hurt());
                    assertEquals(List.of(), problems, summary + ": " + problems.size() + " wrong outcomes");
                }
                List<Long> inputs = LongStream.range(0, 100).boxed().collect(Collectors.toList());
                assertEquals(inputs.stream().map(ChaosTasks::expected).collect(Collectors.toList()),
                    pool.mapAsync(ChaosTasks::quick, inputs, TaskOptions.DEFAULTS).get(60, TimeUnit.SECONDS),
                    summary + ": the pool works after the chaos");
                long lost = pool.workersLost();
                long closeStarted = System.nanoTime();
                CompletableFuture.runAsync(pool::close).get(60, TimeUnit.SECONDS);
                LOG.info("{}: {} tasks, {} workers started, {} lost, close() took {} ms", summary, submitted.size(),
                    pool.workersStarted(), lost, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closeStarted));
            } finally {
                pool.shutdownNow();
                assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), "the pool did not terminate");
            }
            List<ProcessIdentity> alive = workers.stream().filter(ProcessIdentity::isAlive).collect(Collectors.toList());
            assertEquals(List.of(), alive, summary + ": workers alive after close");
            residue.assertNothingLeft(summary);
        }
    }

    /** Submits until the deadline, at most {@link #IN_FLIGHT} at once, each in {@code inFlightSince} until done. */
    private static void submitUntil(ProcessPool pool, Random random, long deadline, List<Submitted> submitted,
                                    Map<Long, Long> inFlightSince) throws InterruptedException {
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        TaskOptions idempotent = TaskOptions.DEFAULTS.withIdempotent(true);
        long input = 0;
        while (System.nanoTime() < deadline) {
            if (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                continue;
            }
            long n = input++;
            int millis = random.nextInt(5);
            int dice = random.nextInt(100);
            Submitted one;
            if (dice < 50) {
                one = new Submitted(Kind.PLAIN, n, pool.submit(() -> ChaosTasks.work(n, millis)));
            } else if (dice < 80) {
                one = new Submitted(Kind.IDEMPOTENT, n, pool.submit(() -> ChaosTasks.work(n, millis), idempotent));
            } else if (dice < 85) {
                one = new Submitted(Kind.FAILING, n, pool.submit(() -> ChaosTasks.fail(n)));
            } else {
                boolean retried = dice < 95;
                List<Long> inputs = LongStream.range(n * MAP_SIZE, (n + 1) * MAP_SIZE).boxed().collect(Collectors.toList());
                one = new Submitted(retried ? Kind.IDEMPOTENT_MAP : Kind.MAP, n, pool.mapAsync(ChaosTasks::quick, inputs,
                    retried ? idempotent.withChunkSize(1) : TaskOptions.DEFAULTS));
            }
            inFlightSince.put(n, System.nanoTime());
            one.future().whenComplete((result, failure) -> {
                inFlightSince.remove(n);
                inFlight.release();
            });
            submitted.add(one);
        }
    }

    /** Every future completes within a minute of the end of the chaos, or the test fails naming those that hang. */
    private static void awaitAll(List<Submitted> submitted, String summary) throws InterruptedException {
        try {
            CompletableFuture.allOf(submitted.stream().map(Submitted::future).toArray(CompletableFuture[]::new))
                .get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            // some failed: checked one by one
        } catch (TimeoutException e) {
            List<Submitted> hanging = submitted.stream().filter(s -> !s.future().isDone()).collect(Collectors.toList());
            throw new AssertionError(summary + ": " + hanging.size() + " of " + submitted.size()
                + " futures never completed, e.g. " + hanging.subList(0, Math.min(10, hanging.size())));
        }
    }

    /** @return what went wrong, one line per wrong outcome (a failure must name a worker the monkey hurt) */
    private static List<String> check(List<Submitted> submitted, Set<Long> hurt) {
        List<String> problems = new ArrayList<>();
        long died = 0;
        long unresponsive = 0;
        for (Submitted s : submitted) {
            Throwable failure = failure(s.future());
            if (failure == null) {
                Object result = s.future().join();
                Object expected = s.kind() == Kind.MAP || s.kind() == Kind.IDEMPOTENT_MAP
                    ? LongStream.range(s.input() * MAP_SIZE, (s.input() + 1) * MAP_SIZE).mapToObj(ChaosTasks::expected)
                        .collect(Collectors.toList())
                    : (Object) ChaosTasks.expected(s.input());
                if (s.kind() == Kind.FAILING || !expected.equals(result)) {
                    problems.add(s + " gave " + result);
                }
            } else if (failure instanceof WorkerDiedException dead && (s.kind() == Kind.PLAIN
                || s.kind() == Kind.FAILING || s.kind() == Kind.MAP)) {
                died++;
                if (dead instanceof WorkerUnresponsiveException) {
                    unresponsive++;
                    if (!hurt.contains(dead.pid())) {
                        // not a fault of ours: a worker starved of CPU for the whole bound; legal, but worth seeing
                        LOG.warn("{} failed: worker {} unresponsive without being stopped: {}", s, dead.pid(), dead.getMessage());
                    }
                } else if (!hurt.contains(dead.pid())) {
                    problems.add(s + " failed naming worker " + dead.pid() + ", which was never hurt: " + dead);
                }
            } else if (!(failure instanceof RemoteTaskException remote && s.kind() == Kind.FAILING
                && remote.remoteClassName().equals(IllegalStateException.class.getName()))) {
                problems.add(s + " failed with " + failure);
            }
            if (problems.size() >= 20) {
                problems.add("...");
                break;
            }
        }
        LOG.info("outcomes: {} futures, {} failed with WorkerDiedException ({} of them WorkerUnresponsiveException)",
            submitted.size(), died, unresponsive);
        return problems;
    }

    private static Throwable failure(CompletableFuture<?> future) {
        try {
            future.join();
            return null;
        } catch (CompletionException e) {
            return e.getCause();
        } catch (RuntimeException e) {
            return e;
        }
    }
}
