package io.jipc.socket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.jipc.AddressInUseException;
import io.jipc.Channel;
import io.jipc.ChannelClosedException;
import io.jipc.ChannelServer;
import io.jipc.EndpointException;
import io.jipc.Ipc;
import io.jipc.IpcOptions;
import io.jipc.IpcTimeoutException;
import org.junit.jupiter.api.extension.ExtendWith;
import io.jipc.testkit.NoLeaks;

/** Binding, accepting and releasing: addresses in use, Unix socket files, network binds, threads and files. */
@Timeout(60)
@ExtendWith(NoLeaks.class)
class SocketServerTest {

    @Test
    void aPortInUseIsAddressInUse() throws Exception {
        try (ServerSocketChannel taken = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            int port = ((InetSocketAddress) taken.getLocalAddress()).getPort();
            AddressInUseException e = assertThrows(AddressInUseException.class, () -> Ipc.bind("tcp://127.0.0.1:" + port));
            assertTrue(e.getMessage().contains("tcp://127.0.0.1:" + port), e.getMessage());
        }
    }

    @Test
    void aUnixPathTooLongNamesTheLimit() {
        String path = "/tmp/" + "x".repeat(120) + ".sock";
        EndpointException e = assertThrows(EndpointException.class, () -> Ipc.bind("unix:" + path));
        assertTrue(e.getMessage().contains("106"), e.getMessage());
        assertThrows(EndpointException.class, () -> Ipc.connect("unix:" + path));
    }

    @Test
    void aStaleSocketFileIsReplacedALiveOneIsInUseAndTheFileIsOwnerOnly() throws Exception {
        try (TempDir dir = new TempDir()) {
            Path path = dir.path().resolve("s.sock");
            ServerSocketChannel stale = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            stale.bind(UnixDomainSocketAddress.of(path));
            stale.close(); // the JDK leaves the file: nobody listens on it now
            assertTrue(Files.exists(path));
            try (ChannelServer server = Ipc.bind("unix:" + path)) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
                AddressInUseException e = assertThrows(AddressInUseException.class, () -> Ipc.bind("unix:" + path));
                assertTrue(e.getMessage().contains(path.toString()), e.getMessage());
                try (Channel client = Ipc.connect("unix:" + path); Channel accepted = server.accept(Duration.ofSeconds(10))) {
                    client.send(new byte[] {1});
                    assertArrayEquals(new byte[] {1}, accepted.receive(Duration.ofSeconds(10)), "the first server keeps its clients");
                }
            }
            assertFalse(Files.exists(path), "the socket file is removed on close");
            Files.writeString(path, "not a socket");
            assertThrows(AddressInUseException.class, () -> Ipc.bind("unix:" + path));
        }
    }

    @Test
    void aNetworkBindNeedsAKeyOrALoudOptOut() {
        EndpointException e = assertThrows(EndpointException.class, () -> Ipc.bind("tcp://0.0.0.0:0"));
        assertTrue(e.getMessage().contains("authentication"), e.getMessage());
        try (ChannelServer keyed = Ipc.bind("tcp://0.0.0.0:0", IpcOptions.authKey(new byte[] {1, 2, 3}))) {
            assertTrue(keyed.endpoint().toString().startsWith("tcp://0.0.0.0:"), keyed.endpoint().toString());
        }
        try (ChannelServer open = Ipc.bind("tcp://0.0.0.0:0", IpcOptions.of(SocketOptions.INSECURE_NO_AUTH_ON_NETWORK, true))) {
            assertFalse(open.endpoint().toString().endsWith(":0"));
        }
        assertThrows(EndpointException.class, () -> Ipc.bind("unix:/tmp/x.sock",
            IpcOptions.of(SocketOptions.INSECURE_NO_AUTH_ON_NETWORK, true)), "unix: does not take the tcp option");
    }

    @Test
    void acceptTimesOutTryAcceptSaysNobodyAndCloseWakesAccept() throws Exception {
        ChannelServer server = Ipc.bind("tcp://127.0.0.1:0");
        try {
            assertNull(server.tryAccept());
            assertFalse(server.isReady());
            assertThrows(IpcTimeoutException.class, () -> server.accept(Duration.ofMillis(100)));
            CompletableFuture<Throwable> blocked = CompletableFuture.supplyAsync(() -> {
                try {
                    server.accept(Duration.ofSeconds(30));
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            Thread.sleep(200); // let it block: what is checked is that close wakes it, not how fast
            server.close();
            assertTrue(blocked.get(5, TimeUnit.SECONDS) instanceof ChannelClosedException);
            assertTrue(server.isReady(), "a closed server is ready");
            assertThrows(ChannelClosedException.class, server::tryAccept);
        } finally {
            server.close();
        }
    }

    @Test
    void aClientWaitsForAServerThatComesUpLate() throws Exception {
        int port;
        try (ServerSocketChannel probe = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            port = ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
        CompletableFuture<Channel> client = CompletableFuture.supplyAsync(() -> Ipc.connect("tcp://127.0.0.1:" + port,
            Duration.ofSeconds(20)));
        Thread.sleep(300); // the client is retrying meanwhile
        try (ChannelServer server = Ipc.bind("tcp://127.0.0.1:" + port);
             Channel accepted = server.accept(Duration.ofSeconds(20));
             Channel connected = client.get(20, TimeUnit.SECONDS)) {
            connected.send(new byte[] {5});
            assertArrayEquals(new byte[] {5}, accepted.receive(Duration.ofSeconds(10)));
        }
        IpcTimeoutException e = assertThrows(IpcTimeoutException.class,
            () -> Ipc.connect("tcp://127.0.0.1:" + port, Duration.ofMillis(300)));
        assertTrue(e.getMessage().contains("refused") || e.getMessage().contains("accepted"), e.getMessage());
    }

    @Test
    void noThreadOrFileOutlivesTheLastClose() throws Exception {
        Leaks.awaitReleased(Integer.MAX_VALUE - 10);
        int baseline = Leaks.openFiles();
        try (ChannelServer server = Ipc.bind("tcp://127.0.0.1:0")) {
            assertFalse(Leaks.socketThreads().isEmpty(), "the event loop runs while a server is open");
            List<Channel> clients = List.of(Ipc.connect(server.endpoint().toString()), Ipc.connect(server.endpoint().toString()));
            for (Channel client : clients) {
                try (Channel accepted = server.accept(Duration.ofSeconds(10))) {
                    client.send(new byte[] {7});
                    assertArrayEquals(new byte[] {7}, accepted.receive(Duration.ofSeconds(10)));
                }
                client.close();
            }
        }
        Leaks.awaitReleased(baseline);
    }
}
