package io.jipc.shm;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.jipc.Channel;
import io.jipc.ChannelClosedException;
import io.jipc.ChannelServer;
import io.jipc.EndpointException;
import io.jipc.Ipc;
import io.jipc.IpcInterruptedException;
import io.jipc.IpcOption;
import io.jipc.IpcOptions;
import io.jipc.Waitable;
import io.jipc.process.JvmProcess;
import io.jipc.testkit.EchoPeer;
import org.junit.jupiter.api.extension.ExtendWith;
import io.jipc.testkit.NoLeaks;

/** A bound shm server: accepting without blocking, waiting on it among other objects, interrupts, options. */
@Timeout(60)
@ExtendWith(NoLeaks.class)
class ShmServerTest {

    private final TempShmDir dir = new TempShmDir();
    private final List<AutoCloseable> resources = new ArrayList<>();

    private <T extends AutoCloseable> T track(T resource) {
        resources.add(0, resource);
        return resource;
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable resource : resources) {
            if (resource instanceof JvmProcess p) {
                p.kill();
            }
            resource.close();
        }
        dir.close();
    }

    @Test
    void tryAcceptReturnsNullUntilAClientAsksThenItsChannel() {
        ChannelServer server = track(Ipc.bind(dir.uri("server")));
        assertNull(server.tryAccept());
        assertFalse(server.isReady());
        JvmProcess child = track(JvmProcess.builder(EchoPeer.class).args(server.endpoint().toString()).start());
        assertEquals(List.of(server), Ipc.wait(List.of(server), Duration.ofSeconds(30)));
        Channel channel = track(server.tryAccept());
        assertEquals(child.pid(), channel.peer().pid().orElse(-1), "the peer is the child that connected");
        channel.send(new byte[] {1});
        assertEquals(1, channel.receive(Duration.ofSeconds(10))[0]);
        server.close();
        assertTrue(server.isReady(), "a closed server is ready: accepting tells why");
        assertThrows(ChannelClosedException.class, server::tryAccept);
    }

    @Test
    void oneWaitCoversAServerAChannelAndAProcess() {
        ChannelServer server = track(Ipc.bind(dir.uri("mixed")));
        JvmProcess first = track(JvmProcess.builder(EchoPeer.class).args(server.endpoint().toString()).start());
        Channel channel = track(server.accept(Duration.ofSeconds(30)));
        List<Waitable> all = List.of(server, channel, first);
        channel.send(new byte[] {2});
        assertEquals(List.of(channel), Ipc.wait(all, Duration.ofSeconds(10)));
        channel.receive(Duration.ofSeconds(1));
        track(JvmProcess.builder(EchoPeer.class).args(server.endpoint().toString()).start());
        assertEquals(List.of(server), Ipc.wait(all, Duration.ofSeconds(30)));
        track(server.accept(Duration.ofSeconds(1)));
        channel.send(EchoPeer.command("exit:5"));
        List<Waitable> ready = Ipc.wait(List.of(server, first), Duration.ofSeconds(30));
        assertEquals(List.of(first), ready);
        assertEquals(5, first.exitCode().getAsInt());
    }

    @Test
    void anInterruptedAcceptLeavesWithItsStatusSet() throws InterruptedException {
        ChannelServer server = track(Ipc.bind(dir.uri("interrupted")));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> status = new AtomicReference<>();
        Thread acceptor = new Thread(() -> {
            try {
                server.accept(Duration.ofSeconds(60));
            } catch (Throwable t) {
                thrown.set(t);
                status.set(Thread.currentThread().isInterrupted());
            }
        });
        acceptor.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> acceptor.getState() == Thread.State.TIMED_WAITING);
        acceptor.interrupt();
        acceptor.join(5_000);
        assertTrue(thrown.get() instanceof IpcInterruptedException, String.valueOf(thrown.get()));
        assertEquals(Boolean.TRUE, status.get());
    }

    @Test
    void anOptionTheTransportDoesNotTakeIsRefusedWithoutShowingItsValue() {
        byte[] key = "top-secret-key".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        IpcOptions options = IpcOptions.authKey(key);
        assertFalse(options.toString().contains("top-secret"), options.toString());
        EndpointException e = assertThrows(EndpointException.class, () -> Ipc.bind(dir.uri("keyed"), options));
        assertTrue(e.getMessage().contains("authKey") && !e.getMessage().contains("top-secret"), e.getMessage());
        assertEquals(List.of(), dir.files(), "nothing was created");
        try (ChannelServer server = Ipc.bind(dir.uri("idle"), IpcOptions.of(IpcOption.CLOSE_LINGER, Duration.ZERO))) {
            assertNull(server.tryAccept(), "common options are taken by every transport");
        }
    }
}
