package io.jipc.socket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.jipc.Channel;
import io.jipc.ChannelServer;
import io.jipc.EndpointException;
import io.jipc.Ipc;
import io.jipc.IpcOption;
import io.jipc.IpcOptions;
import io.jipc.IpcTimeoutException;
import io.jipc.PeerUnresponsiveException;
import io.jipc.process.JvmProcess;
import io.jipc.testkit.EchoPeer;
import io.jipc.testkit.NoLeaks;

/**
 * Liveness on sockets: with {@link IpcOption#LIVENESS_TIMEOUT} the peer proves itself with heartbeat frames when
 * idle; a peer that stops (SIGSTOP) while its connection stays up becomes peer-gone, saying it is not responding. A
 * peer that never announced heartbeats is neither sent one nor judged by them.
 */
@Timeout(90)
@ExtendWith(NoLeaks.class)
class SocketLivenessTest {

    /** Long enough that a live peer's event loop, starved on a loaded 2-core machine, still proves it alive. */
    private static final IpcOptions TWO_SECONDS = IpcOptions.of(IpcOption.LIVENESS_TIMEOUT, Duration.ofSeconds(2));

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "unix"})
    void aStoppedClientBecomesPeerGoneSayingItIsNotResponding(String scheme) throws Exception {
        try (TempDir dir = new TempDir();
             ChannelServer server = Ipc.bind(scheme.equals("tcp") ? "tcp://127.0.0.1:0" : "unix:" + dir.path().resolve("l.sock"),
                 TWO_SECONDS);
             JvmProcess client = JvmProcess.builder(EchoPeer.class).args(server.endpoint().toString()).start()) {
            try {
                Channel channel = server.accept(Duration.ofSeconds(30));
                channel.send(new byte[] {1});
                assertArrayEquals(new byte[] {1}, channel.receive(Duration.ofSeconds(10)));
                assertThrows(IpcTimeoutException.class, () -> channel.receive(Duration.ofSeconds(3)),
                    "an idle live peer sends heartbeats: a timeout, not peer-gone");
                signal("STOP", client.pid());
                PeerUnresponsiveException gone = assertThrows(PeerUnresponsiveException.class,
                    () -> channel.receive(Duration.ofSeconds(20)));
                assertTrue(gone.getMessage().contains("not responding") && gone.getMessage().contains("liveness timeout")
                    && gone.getMessage().contains(server.endpoint().toString()), gone.getMessage());
                assertTrue(client.isAlive(), "the process still exists: only its silence gave it away");
                channel.close(Duration.ZERO);
            } finally {
                signal("CONT", client.pid());
                client.kill();
            }
        }
    }

    @Test
    void heartbeatsGoOnTheWireOnlyToAPeerThatAskedForThem() throws Exception {
        try (ChannelServer server = Ipc.bind("tcp://127.0.0.1:0", TWO_SECONDS)) {
            try (RawPeer asks = new RawPeer(server.endpoint()); Channel channel = handshake(asks, server, 100)) {
                asks.socket.setSoTimeout(5_000);
                byte[] frame = asks.in.readNBytes(4);
                assertEquals(SocketProtocol.HEARTBEAT, ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).getInt(),
                    "an idle server sends the heartbeat frame (-2) its peer asked for");
                channel.close(Duration.ZERO);
            }
            try (RawPeer silent = new RawPeer(server.endpoint()); Channel channel = handshake(silent, server, -1)) {
                silent.socket.setSoTimeout(1_500);
                assertThrows(SocketTimeoutException.class, () -> silent.in.read(),
                    "a peer that does not understand heartbeats is never sent one");
                assertThrows(IpcTimeoutException.class, () -> channel.receive(Duration.ofSeconds(3)),
                    "nor judged by them: its liveness is its connection");
                silent.send(RawPeer.header(1));
                silent.send(new byte[] {7});
                assertArrayEquals(new byte[] {7}, channel.receive(Duration.ofSeconds(10)));
                channel.close(Duration.ZERO);
            }
        }
    }

    @Test
    void aTimeoutTooShortToProveIsRefused() {
        EndpointException e = assertThrows(EndpointException.class, () -> Ipc.bind("tcp://127.0.0.1:0",
            IpcOptions.of(IpcOption.LIVENESS_TIMEOUT, Duration.ofMillis(10))));
        assertTrue(e.getMessage().contains("livenessTimeout"), e.getMessage());
    }

    /**
     * A raw client's hello, then the server's channel for it.
     *
     * @param askMillis the heartbeat interval to ask for with the HEARTBEATS flag, or -1 for a hello without it
     */
    private static Channel handshake(RawPeer peer, ChannelServer server, int askMillis) throws IOException {
        byte[] hello = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).put(new byte[] {'J', 'I', 'P', 'C'})
            .putShort((short) 1).putShort((short) (askMillis >= 0 ? SocketProtocol.FLAG_HEARTBEATS : 0))
            .putInt(4 << 20).putInt(Math.max(0, askMillis)).array();
        peer.send(hello);
        byte[] reply = peer.in.readNBytes(16);
        assertEquals(16, reply.length, "the server's hello");
        return server.accept(Duration.ofSeconds(10));
    }

    private static void signal(String name, long pid) throws Exception {
        new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start().waitFor();
    }
}
