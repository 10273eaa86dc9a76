package io.jipc.shm;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.jipc.Channel;
import io.jipc.ChannelServer;
import io.jipc.Ipc;
import io.jipc.PeerGoneException;
import io.jipc.process.JvmProcess;
import org.junit.jupiter.api.extension.ExtendWith;
import io.jipc.testkit.NoLeaks;

/** Processes that die: a writer killed mid-stream, a client that dies halfway through asking to connect. */
@Timeout(60)
@ExtendWith(NoLeaks.class)
class ShmPeerDeathTest {

    private final TempShmDir dir = new TempShmDir();

    @AfterEach
    void cleanUp() throws Exception {
        dir.closeChecked();
    }

    @Test
    void aWriterKilledMidStreamIsPeerGoneWhileTheOthersCarryOn() {
        ChannelServer server = dir.track(Ipc.bind(dir.uri("jobs?capacity=64k")));
        long others = 100_000;
        JvmProcess victim = dir.track(JvmProcess.builder(TestChildren.Streamer.class)
            .args(server.endpoint().toString(), "0", "0").start());
        Channel victimChannel = dir.track(server.accept(Duration.ofSeconds(30)));
        List<Channel> channels = new ArrayList<>();
        channels.add(victimChannel);
        for (int w = 1; w <= 2; w++) {
            dir.track(JvmProcess.builder(TestChildren.Streamer.class)
                .args(server.endpoint().toString(), Long.toString(others), Integer.toString(w)).start());
            channels.add(dir.track(server.accept(Duration.ofSeconds(30))));
        }
        long[] next = new long[3];
        PeerGoneException[] gone = new PeerGoneException[3];
        boolean killed = false;
        long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        while (gone[0] == null || next[1] < others || next[2] < others) {
            for (int c = 0; c < 3; c++) {
                if (gone[c] != null) {
                    continue;
                }
                try {
                    channels.get(c).poll((buffer, offset, length) -> {
                        int writer = (int) buffer.getLong(offset);
                        long seq = buffer.getLong(offset + 8);
                        assertEquals(next[writer], seq, "writer " + writer + " out of order");
                        assertEquals(~seq, buffer.getLong(offset + 16), "corrupt message");
                        next[writer]++;
                    }, 256);
                } catch (PeerGoneException e) {
                    gone[c] = e;
                }
            }
            if (!killed && next[0] > 10_000) {
                victim.kill();
                killed = true;
            }
            Thread.yield();
            if (System.nanoTime() > deadline) {
                fail("timed out: received " + java.util.Arrays.toString(next) + ", gone " + java.util.Arrays.toString(gone));
            }
        }
        assertTrue(killed, "the victim was never killed");
        assertTrue(gone[0].getMessage().contains("gone"), gone[0].getMessage());
        assertTrue(gone[0].getMessage().contains(Long.toString(victim.pid())), "names the pid: " + gone[0].getMessage());
        assertEquals(others, next[1]);
        assertEquals(others, next[2]);
    }

    @Test
    void aClientThatDiedHalfwayThroughConnectingDoesNotBlockTheInbox() throws Exception {
        ChannelServer server = dir.track(Ipc.bind(dir.uri("door?unblockTimeout=200ms&capacity=64k")));
        JvmProcess half = dir.track(JvmProcess.builder(TestChildren.HalfWriter.class)
            .args(dir.path("door").toString()).start());
        assertTrue(half.join(Duration.ofSeconds(20)), "half writer did not exit");
        assertEquals(3, half.exitCode().getAsInt(), "half writer claimed no room");
        CompletableFuture<Channel> client = CompletableFuture.supplyAsync(() -> Ipc.connect(server.endpoint().toString(),
            Duration.ofSeconds(20)));
        try (Channel accepted = server.accept(Duration.ofSeconds(10));
             Channel connected = client.get(10, TimeUnit.SECONDS)) {
            connected.send(new byte[] {5});
            assertEquals(5, accepted.receive(Duration.ofSeconds(5))[0]);
        }
    }

    @Test
    void aServerThatDiesIsPeerGoneForItsClients() {
        String uri = dir.uri("dying");
        JvmProcess binder = dir.track(JvmProcess.builder(TestChildren.Binder.class).args(uri).start());
        await().atMost(Duration.ofSeconds(20)).until(() -> java.nio.file.Files.exists(dir.path("dying")));
        binder.kill();
        assertTrue(binder.join(Duration.ofSeconds(10)));
        PeerGoneException e = org.junit.jupiter.api.Assertions.assertThrows(PeerGoneException.class,
            () -> Ipc.connect(uri, Duration.ofSeconds(5)));
        assertTrue(e.getMessage().contains(Long.toString(binder.pid())), e.getMessage());
        Ipc.bind(uri).close(); // the dead server's file stays until the next bind reclaims it
    }
}
