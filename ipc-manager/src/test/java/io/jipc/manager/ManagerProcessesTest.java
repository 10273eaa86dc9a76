package io.jipc.manager;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.jipc.manager.children.Account;
import io.jipc.manager.children.Fragile;
import io.jipc.manager.children.FragileTaker;
import io.jipc.manager.children.Incrementer;
import io.jipc.manager.children.Sharer;
import io.jipc.manager.children.SimpleAccount;
import io.jipc.manager.children.Taker;
import io.jipc.manager.children.Transferer;
import io.jipc.process.JvmProcess;
import io.jipc.testkit.NoLeaks;

/**
 * A manager in this JVM and its clients in child JVMs: every kind from several processes at once, atomic updates
 * that lose nothing, and clients killed with -9 in the middle of a call.
 */
@ExtendWith(NoLeaks.class)
class ManagerProcessesTest {

    private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(2);

    private ManagerServer server;
    private Manager manager;
    private final List<JvmProcess> children = new ArrayList<>();

    @BeforeEach
    void start() {
        SimpleAccount.halfWay = new CountDownLatch(1);
        server = Manager.builder().endpoint(TestEndpoints.shm("processes"))
            .allow("io.jipc.manager.children.*")
            .register(Account.class, SimpleAccount.class)
            .serve();
        manager = Manager.connect(server.endpoint().toString());
    }

    @AfterEach
    void stop() {
        children.forEach(JvmProcess::close);
        manager.close();
        server.close();
    }

    private List<JvmProcess> start(Class<?> main, int count, String... args) {
        List<JvmProcess> started = JvmProcess.builder(main).args(args).start(count);
        children.addAll(started);
        return started;
    }

    private static void awaitSuccess(List<JvmProcess> processes) {
        for (JvmProcess p : processes) {
            assertTrue(p.join(CHILD_TIMEOUT), p + " still runs after " + CHILD_TIMEOUT);
            assertEquals(0, p.exitCode().orElse(-1), p + " failed");
        }
    }

    @Test
    void fourProcessesUseEveryKindAtOnce() throws InterruptedException {
        int jobs = 400;
        SharedQueue<Integer> queue = manager.queue("jobs");
        for (int i = 0; i < jobs; i++) {
            queue.put(i);
        }
        List<JvmProcess> sharers = start(Sharer.class, 4, server.endpoint().toString());
        for (int i = 0; i < sharers.size(); i++) {
            queue.put(-1);
        }
        awaitSuccess(sharers);
        Map<Integer, Long> squares = manager.<Integer, Long>map("squares").snapshot();
        assertEquals(jobs, squares.size());
        squares.forEach((job, square) -> assertEquals((long) job * job, square));
        List<Integer> done = manager.<Integer>list("done").snapshot();
        assertEquals(jobs, done.size());
        assertEquals(jobs, new TreeSet<>(done).size(), "each job done once");
        assertArrayEquals(new long[] {1_000 - jobs, jobs}, manager.proxy("bank", Account.class).balances());
        assertEquals(jobs, manager.<String, Long>map("counts").get("jobs"));
        Map<String, Object> workers = manager.namespace("workers").snapshot();
        assertEquals(4, workers.size());
        assertEquals(jobs, workers.values().stream().mapToInt(v -> (Integer) v).sum());
        assertTrue(queue.isEmpty());
    }

    @Test
    void fourProcessesTimesOneHundredThousandIncrementsGiveExactlyFourHundredThousand() {
        int each = 100_000;
        Incrementer.RUNS_HERE.set(0);
        long t0 = System.nanoTime();
        awaitSuccess(start(Incrementer.class, 4, server.endpoint().toString(), "n", Integer.toString(each), "shipped"));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(4L * each, manager.<String, Long>map("counts").get("n"));
        assertEquals(4L * each - 1, Incrementer.RUNS_HERE.get(), "every merge but the first ran its function in the manager");
        System.err.printf("4 x %,d merges in the manager: %.1f s (%,.0f/s with JVM start-up)%n", each, seconds,
            4 * each / seconds);
    }

    @Test
    void aFunctionThatCannotTravelLosesNothingEither() {
        int each = 3_000;
        Incrementer.RUNS_HERE.set(0);
        awaitSuccess(start(Incrementer.class, 4, server.endpoint().toString(), "n", Integer.toString(each), "local"));
        assertEquals(4L * each, manager.<String, Long>map("counts").get("n"));
        assertEquals(0, Incrementer.RUNS_HERE.get(), "the functions ran in the clients");
    }

    @Test
    void aClientKilledMidCallLeavesTheCallWholeInTheManager() throws InterruptedException {
        Account bank = manager.proxy("bank", Account.class);
        JvmProcess child = start(Transferer.class, 1, server.endpoint().toString(), "bank", "100", "1500").get(0);
        assertTrue(SimpleAccount.halfWay.await(CHILD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "the transfer started");
        child.kill();
        assertTrue(child.join(Duration.ofSeconds(10)));
        assertArrayEquals(new long[] {900, 100}, bank.balances(), "the call ran whole: it waited for the object's lock");
        bank.transfer(1, 0);
        assertArrayEquals(new long[] {899, 101}, bank.balances());
    }

    @Test
    void aClientKilledWhileItWaitsInTakeTakesNothingWithIt() throws InterruptedException {
        SharedQueue<String> queue = manager.queue("work");
        ServedQueue served = (ServedQueue) server.table().open(Kind.QUEUE, "work", 0, null, 0);
        JvmProcess taker = start(Taker.class, 1, server.endpoint().toString(), "work").get(0);
        await().atMost(CHILD_TIMEOUT).until(() -> served.takers() == 1);
        taker.kill();
        assertTrue(taker.join(Duration.ofSeconds(10)));
        queue.put("job");
        assertEquals("job", queue.poll(10, TimeUnit.SECONDS), "the dead taker's wait did not swallow it");
        await().atMost(Duration.ofSeconds(5)).until(() -> served.takers() == 0);
    }

    @Test
    void anElementSentToATakerThatDiedBeforeItsAckGoesBackToTheHead() throws InterruptedException {
        // a taker that dies between the manager's answer and its ACK: played by a client whose channel ends there
        SharedQueue<String> queue = manager.queue("acks");
        queue.put("first");
        queue.put("second");
        assertEquals("first", RawClient.pollWithoutAck(server.endpoint(), "acks"));
        await().atMost(Duration.ofSeconds(5)).until(() -> queue.size() == 2);
        assertEquals(List.of("first", "second"), queue.snapshot());
    }

    @Test
    void anElementATakerCannotDecodeStaysInTheQueue() {
        SharedQueue<Object> queue = manager.queue("fragile");
        queue.add(new Fragile("job"));
        JvmProcess taker = JvmProcess.builder(FragileTaker.class).args(server.endpoint().toString(), "fragile")
            .jvmOptions("-D" + Fragile.REFUSE + "=true").start();
        children.add(taker);
        assertTrue(taker.join(CHILD_TIMEOUT));
        assertEquals(FragileTaker.UNDECODABLE, taker.exitCode().orElse(-1), "the take failed to decode");
        await().atMost(Duration.ofSeconds(5)).until(() -> queue.size() == 1);
        assertEquals("job", ((Fragile) queue.poll()).text(), "not acknowledged, so given back");
    }
}
