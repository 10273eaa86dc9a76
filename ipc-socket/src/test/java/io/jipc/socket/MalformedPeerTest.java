package io.jipc.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.jipc.Channel;
import io.jipc.ChannelServer;
import io.jipc.FrameTooLargeException;
import io.jipc.Ipc;
import io.jipc.PeerGoneException;
import io.jipc.ProtocolException;
import io.jipc.process.ChildProcess;
import io.jipc.process.JvmProcess;
import io.jipc.socket.children.TestClient;
import org.junit.jupiter.api.extension.ExtendWith;
import io.jipc.testkit.NoLeaks;

/**
 * Peers that break the protocol, against one server: each is closed with a reason (logged, or thrown to the
 * receiver), and the server goes on serving a well-behaved client in a child JVM. Then a fuzz of 100,000 random
 * frames and byte strings: the server never crashes, leaks nothing, and still serves.
 */
@Timeout(120)
@ExtendWith(NoLeaks.class)
class MalformedPeerTest {

    @Test
    void brokenPeersAreClosedAndTheServerServesOn() throws Exception {
        try (ChannelServer server = Ipc.bind("tcp://127.0.0.1:0?handshakeTimeout=2s")) {
            String uri = server.endpoint().toString();

            try (RawPeer huge = new RawPeer(server.endpoint()).handshake(); Channel channel = server.accept(Duration.ofSeconds(10))) {
                huge.send(RawPeer.header(Integer.MAX_VALUE)); // a 2 GiB frame: refused before any allocation
                FrameTooLargeException e = assertThrows(FrameTooLargeException.class, () -> channel.receive(Duration.ofSeconds(10)));
                assertTrue(e.getMessage().contains(uri) && e.getMessage().contains("2147483647"), e.getMessage());
                assertTrue(huge.closedByServer());
            }
            try (RawPeer negative = new RawPeer(server.endpoint()).handshake(); Channel channel = server.accept(Duration.ofSeconds(10))) {
                negative.send(RawPeer.header(-2));
                assertThrows(ProtocolException.class, () -> channel.receive(Duration.ofSeconds(10)));
                assertTrue(negative.closedByServer());
            }
            try (RawPeer half = new RawPeer(server.endpoint()).handshake(); Channel channel = server.accept(Duration.ofSeconds(10))) {
                half.send(RawPeer.header(100));
                half.send(new byte[10]);
                half.socket.close();
                PeerGoneException e = assertThrows(PeerGoneException.class, () -> channel.receive(Duration.ofSeconds(10)));
                assertTrue(e.getMessage().contains("middle of a frame (14 bytes"), e.getMessage());
            }
            try (RawPeer garbage = new RawPeer(server.endpoint())) {
                garbage.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertTrue(garbage.closedByServer(), "not a jipc peer: closed at its first byte");
                assertNull(server.tryAccept());
            }
            try (RawPeer trickle = new RawPeer(server.endpoint())) {
                long start = System.nanoTime();
                boolean closed = false;
                for (byte b : RawPeer.hello()) {
                    try {
                        trickle.send(new byte[] {b});
                    } catch (java.io.IOException e) {
                        closed = true;
                        break;
                    }
                    if (System.nanoTime() - start > 4_000_000_000L) {
                        break;
                    }
                    Thread.sleep(1_000); // one byte a second: the whole handshake must finish within 2 s
                }
                assertTrue(closed || trickle.closedByServer(), "a trickling handshake is cut off");
                assertTrue(System.nanoTime() - start < 8_000_000_000L);
                assertNull(server.tryAccept());
            }
            try (Echoes echoes = new Echoes(server)) {
                assertServes(server);
                assertEquals(1, echoes.channels.size());
            }
        }
    }

    @Test
    void aFuzzOfRandomFramesAndBytesNeverHurtsTheServer() throws Exception {
        Leaks.awaitReleased(Integer.MAX_VALUE - 10);
        int baseline = Leaks.openFiles();
        Random random = new Random(20261127);
        int items = 0;
        int connections = 0;
        try (ChannelServer server = Ipc.bind("tcp://127.0.0.1:0?maxMessage=64k&handshakeTimeout=2s");
             Echoes sink = new Echoes(server)) {
            while (items < 100_000) {
                connections++;
                try (RawPeer peer = new RawPeer(server.endpoint())) {
                    if (random.nextInt(10) > 0) {
                        peer.handshake();
                    }
                    for (int i = 0; i < 2_000 && items < 100_000; i++, items++) {
                        peer.out.write(randomItem(random));
                    }
                    peer.out.flush();
                } catch (java.io.IOException e) {
                    // the server closed this connection for what it sent: expected
                }
            }
            assertServes(server);
            assertTrue(sink.channels.size() > 0);
        }
        assertEquals(100_000, items);
        assertTrue(connections >= 50, "connections: " + connections);
        Leaks.awaitReleased(baseline);
    }

    /** A valid frame most of the time; sometimes garbage, a bad header or a frame cut short. */
    private static byte[] randomItem(Random random) {
        int kind = random.nextInt(100);
        if (kind < 80) {
            byte[] payload = new byte[random.nextInt(300)];
            random.nextBytes(payload);
            return concat(RawPeer.header(payload.length), payload);
        }
        if (kind < 90) {
            byte[] garbage = new byte[1 + random.nextInt(50)];
            random.nextBytes(garbage);
            return garbage;
        }
        if (kind < 95) {
            return RawPeer.header(random.nextInt());
        }
        byte[] cut = new byte[random.nextInt(20)];
        return concat(RawPeer.header(100), cut);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** A well-behaved client in a child JVM is echoed (by the {@link Echoes} that owns the server). */
    private static void assertServes(ChannelServer server) {
        ChildProcess client = JvmProcess.builder(TestClient.class).args(server.endpoint().toString())
            .stderr(ChildProcess.Stderr.CAPTURE).start();
        try (client) {
            assertTrue(client.join(Duration.ofSeconds(60)));
            assertEquals(0, client.exitCode().getAsInt(), client.capturedStderr());
        }
    }
}
