package io.jipc.pool;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.jipc.IpcOptions;
import io.jipc.process.ChildProcess;
import io.jipc.testkit.NoLeaks;

/**
 * The pool over TCP with a key: its own workers connect over loopback and are known by the token in their
 * environment (TCP cannot vouch for a pid), and a worker started by hand with the one documented command joins,
 * from this host or from another network namespace joined by a veth pair, and takes tasks like the others.
 */
@Timeout(180)
@ExtendWith(NoLeaks.class)
class TcpPoolTest {

    private static final byte[] KEY = "pool over tcp".getBytes(StandardCharsets.UTF_8);

    private final List<ProcessPool> pools = new ArrayList<>();
    private final List<ChildProcess> byHand = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (ProcessPool pool : pools) {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), pool + " did not terminate");
        }
        for (ChildProcess worker : byHand) {
            if (!worker.join(Duration.ofSeconds(10))) {
                worker.kill();
            }
            worker.close();
        }
    }

    private ProcessPool pool(String host) {
        ProcessPool pool = ProcessPool.builder().workers(2).transport("tcp://" + host + ":0", IpcOptions.authKey(KEY)).build();
        pools.add(pool);
        return pool;
    }

    /** Starts a worker by hand: the pool's command, the key in the environment, optionally under a prefix. */
    private ChildProcess startByHand(ProcessPool pool, List<String> prefix) {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(pool.workerCommand());
        ChildProcess worker = ChildProcess.command(command)
            .env(IpcOptions.AUTH_KEY_ENVIRONMENT, IpcOptions.environmentValue(KEY))
            .stderr(ChildProcess.Stderr.CAPTURE).start();
        byHand.add(worker);
        return worker;
    }

    /** @return the pids the tasks of a map ran in, spread over every worker */
    private static Set<Long> ranIn(ProcessPool pool) {
        List<Integer> inputs = IntStream.range(0, 300).boxed().collect(Collectors.toList());
        return new HashSet<>(pool.map(x -> Tasks.sleepThenPid(5), inputs, TaskOptions.DEFAULTS.withChunkSize(1)));
    }

    @Test
    void localWorkersAndOneStartedByHandShareTheWorkOverTcp() {
        ProcessPool pool = pool("127.0.0.1");
        assertTrue(pool.endpoint().orElseThrow().toString().startsWith("tcp://127.0.0.1:"), String.valueOf(pool.endpoint()));
        assertTrue(pool.workerCommand().stream().noneMatch(arg -> arg.contains("pool over tcp")), "no key on the command line");
        ChildProcess worker = startByHand(pool, List.of());
        await().atMost(Duration.ofSeconds(60)).until(() -> pool.workersJoined() == 1);
        Set<Long> pids = ranIn(pool);
        assertEquals(3, pids.size(), "two local workers and the joined one: " + pids + "; " + worker.capturedStderr());
        assertEquals(List.of(2, 4, 6), pool.map(x -> x * 2, List.of(1, 2, 3)));
    }

    @Test
    void aWorkerInAnotherNetworkNamespaceJoinsThePoolOverVeth() {
        String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
        String namespace = "jipc-pool-" + suffix;
        String hostSide = "jph" + suffix;
        String nsSide = "jpn" + suffix;
        int subnet = ThreadLocalRandom.current().nextInt(1, 255);
        String hostIp = "10.214." + subnet + ".1";
        String nsIp = "10.214." + subnet + ".2";
        assumeTrue(run("ip", "netns", "add", namespace), "cannot create a network namespace here (needs root and iproute2)");
        try {
            assertTrue(run("ip", "link", "add", hostSide, "type", "veth", "peer", "name", nsSide));
            assertTrue(run("ip", "link", "set", nsSide, "netns", namespace));
            assertTrue(run("ip", "addr", "add", hostIp + "/30", "dev", hostSide));
            assertTrue(run("ip", "link", "set", hostSide, "up"));
            assertTrue(run("ip", "netns", "exec", namespace, "ip", "addr", "add", nsIp + "/30", "dev", nsSide));
            assertTrue(run("ip", "netns", "exec", namespace, "ip", "link", "set", nsSide, "up"));
            ProcessPool pool = pool(hostIp);
            ChildProcess remote = startByHand(pool, List.of("ip", "netns", "exec", namespace));
            await().atMost(Duration.ofSeconds(60)).until(() -> pool.workersJoined() == 1 || !remote.isAlive());
            assertEquals(1, pool.workersJoined(), "the worker from the other namespace did not join: " + remote.capturedStderr());
            Set<Long> pids = ranIn(pool);
            assertEquals(3, pids.size(), "the remote worker took tasks too: " + pids);
        } finally {
            for (ProcessPool pool : pools) {
                pool.shutdownNow();
            }
            run("ip", "netns", "del", namespace);
            run("ip", "link", "del", hostSide);
        }
    }

    private static boolean run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
