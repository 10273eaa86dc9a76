package io.jipc.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.jipc.ChannelServer;
import io.jipc.Ipc;
import io.jipc.IpcOptions;
import io.jipc.process.ChildProcess;
import io.jipc.process.JvmProcess;
import io.jipc.socket.children.TestClient;
import org.junit.jupiter.api.extension.ExtendWith;
import io.jipc.testkit.NoLeaks;

/**
 * A worker JVM in another network namespace, joined to this one by a veth pair, reaches a master bound to its end of
 * the pair with a key: a plain master/worker channel across a network boundary. Needs root and {@code ip netns};
 * skipped, saying why, elsewhere. The namespace and links are removed even when the test fails.
 */
@Timeout(120)
@ExtendWith(NoLeaks.class)
class NetworkNamespaceTest {

    private static final byte[] KEY = "netns key".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    @Test
    void aWorkerInAnotherNetworkNamespaceConnectsOverVeth() throws Exception {
        String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
        String namespace = "jipc-" + suffix;
        String hostSide = "jh" + suffix;
        String nsSide = "jn" + suffix;
        int subnet = ThreadLocalRandom.current().nextInt(1, 255);
        String hostIp = "10.213." + subnet + ".1";
        String nsIp = "10.213." + subnet + ".2";
        assumeTrue(run("ip", "netns", "add", namespace), "cannot create a network namespace here (needs root and iproute2)");
        try {
            assertTrue(run("ip", "link", "add", hostSide, "type", "veth", "peer", "name", nsSide));
            assertTrue(run("ip", "link", "set", nsSide, "netns", namespace));
            assertTrue(run("ip", "addr", "add", hostIp + "/30", "dev", hostSide));
            assertTrue(run("ip", "link", "set", hostSide, "up"));
            assertTrue(run("ip", "netns", "exec", namespace, "ip", "addr", "add", nsIp + "/30", "dev", nsSide));
            assertTrue(run("ip", "netns", "exec", namespace, "ip", "link", "set", nsSide, "up"));
            assertTrue(run("ip", "netns", "exec", namespace, "ip", "link", "set", "lo", "up"));
            try (ChannelServer server = Ipc.bind("tcp://" + hostIp + ":0", IpcOptions.authKey(KEY));
                 Echoes echoes = new Echoes(server)) {
                List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
                command.addAll(JvmProcess.builder(TestClient.class).args(server.endpoint().toString()).command());
                try (ChildProcess worker = ChildProcess.command(command)
                         .env(IpcOptions.AUTH_KEY_ENVIRONMENT, IpcOptions.environmentValue(KEY))
                         .stderr(ChildProcess.Stderr.CAPTURE).start()) {
                    assertTrue(worker.join(Duration.ofSeconds(60)), "the worker did not finish");
                    assertEquals(0, worker.exitCode().getAsInt(), worker.capturedStderr());
                }
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !echoes.channels.isEmpty());
                String peer = echoes.channels.get(0).peer().address().orElseThrow().toString();
                assertTrue(peer.contains(nsIp), "the worker came from the other namespace: " + peer);
            }
        } finally {
            run("ip", "netns", "del", namespace); // removes the namespace's end of the pair, and so the pair
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
