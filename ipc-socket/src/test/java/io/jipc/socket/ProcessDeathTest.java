package io.jipc.socket;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.jipc.Channel;
import io.jipc.ChannelServer;
import io.jipc.Ipc;
import io.jipc.PeerGoneException;
import io.jipc.process.JvmProcess;
import io.jipc.socket.children.EchoServerChild;
import io.jipc.testkit.EchoPeer;
import org.junit.jupiter.api.extension.ExtendWith;
import io.jipc.testkit.NoLeaks;

/** Processes killed with -9 on either side: the other side sees peer-gone promptly and goes on. */
@Timeout(120)
@ExtendWith(NoLeaks.class)
class ProcessDeathTest {

    /** Over a Unix socket, where the kernel tells which process each channel leads to. */
    @Test
    void aClientKilledIsFreedAndTheOthersAreServed() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Ipc.capabilities("unix").has(io.jipc.Capability.PEER_PID),
            "needs the peer's pid from the kernel (native epoll)");
        List<JvmProcess> clients = new ArrayList<>();
        List<Channel> channels = new ArrayList<>();
        try (TempDir dir = new TempDir(); ChannelServer server = Ipc.bind("unix:" + dir.path().resolve("d.sock"))) {
            for (int i = 0; i < 3; i++) {
                clients.add(JvmProcess.builder(EchoPeer.class).args(server.endpoint().toString()).start());
            }
            for (int i = 0; i < 3; i++) {
                channels.add(server.accept(Duration.ofSeconds(30)));
            }
            for (Channel channel : channels) {
                channel.send(new byte[] {1});
                assertArrayEquals(new byte[] {1}, channel.receive(Duration.ofSeconds(10)));
            }
            JvmProcess killed = clients.get(1);
            Channel victim = channels.stream().filter(c -> c.peer().pid().orElse(-1) == killed.pid()).findFirst().orElseThrow();
            killed.kill();
            long start = System.nanoTime();
            PeerGoneException e = assertThrows(PeerGoneException.class, () -> victim.receive(Duration.ofSeconds(10)));
            assertTrue(System.nanoTime() - start < 5_000_000_000L, "noticed promptly");
            assertTrue(e.getMessage().contains(server.endpoint().toString()), e.getMessage());
            assertThrows(PeerGoneException.class, () -> victim.send(new byte[] {2}));
            victim.close();
            for (Channel channel : channels) {
                if (channel != victim) {
                    channel.send(new byte[] {3});
                    assertArrayEquals(new byte[] {3}, channel.receive(Duration.ofSeconds(10)), "the others are served");
                }
            }
        } finally {
            channels.forEach(Channel::close);
            clients.forEach(JvmProcess::close);
        }
    }

    @Test
    void aServerKilledIsPeerGoneForItsClients() {
        try (JvmProcess server = JvmProcess.builder(EchoServerChild.class).args("tcp://127.0.0.1:0").start()) {
            String uri = new String(server.channel().receive(Duration.ofSeconds(30)), StandardCharsets.UTF_8);
            List<Channel> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    Channel client = Ipc.connect(uri);
                    client.send(new byte[] {9});
                    assertArrayEquals(new byte[] {9}, client.receive(Duration.ofSeconds(10)));
                    clients.add(client);
                }
                server.kill();
                for (Channel client : clients) {
                    assertThrows(PeerGoneException.class, () -> client.receive(Duration.ofSeconds(5)));
                }
                await().atMost(Duration.ofSeconds(5)).until(() -> {
                    try {
                        clients.get(0).send(new byte[] {1}, Duration.ofMillis(100));
                        return false;
                    } catch (PeerGoneException gone) {
                        return true;
                    }
                });
            } finally {
                clients.forEach(Channel::close);
            }
            assertTrue(server.join(Duration.ofSeconds(10)));
            assertEquals(137, server.exitCode().getAsInt());
        }
    }
}
