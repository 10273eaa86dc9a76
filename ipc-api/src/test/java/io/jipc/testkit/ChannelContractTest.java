package io.jipc.testkit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.jipc.Channel;
import io.jipc.ChannelClosedException;
import io.jipc.FrameTooLargeException;
import io.jipc.IpcTimeoutException;
import io.jipc.PeerGoneException;

/**
 * The channel contract, for every backend: a backend's test extends this class and says how to start an
 * {@link EchoPeer} in another JVM. Every test talks to a real child process.
 */
@Timeout(120)
public abstract class ChannelContractTest {

    /** The peer of the current test. */
    protected Peer peer;

    /**
     * Starts {@link EchoPeer} in a child JVM (started with {@link io.jipc.process.JvmProcess}) and connects to it.
     *
     * @return the channel to it and its process
     */
    protected abstract Peer startEchoPeer() throws Exception;

    @BeforeEach
    void startPeer() throws Exception {
        peer = startEchoPeer();
    }

    @AfterEach
    void stopPeer() throws Exception {
        if (peer != null) {
            peer.close();
            assertFalse(peer.process().isAlive(), "peer process still alive after close");
        }
    }

    private Channel channel() {
        return peer.channel();
    }

    private static byte[] pattern(int length, int seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void messageBoundariesArePreserved() {
        int[] sizes = {0, 1, 2, 3, 7, 8, 9, 31, 32, 33, 255, 1000, 4095, 4096, 4097, 65535, 65536, 65537, 1 << 20};
        for (int size : sizes) {
            byte[] message = pattern(size, size);
            channel().send(message);
            assertArrayEquals(message, channel().receive(Duration.ofSeconds(10)), "message of " + size + " bytes");
        }
    }

    @Test
    void manyMessagesArriveInOrder() {
        int count = 20_000;
        UnsafeBuffer out = new UnsafeBuffer(new byte[16]);
        int sent = 0;
        int[] received = {0};
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (received[0] < count) {
            if (sent < count) {
                out.putLong(0, sent);
                out.putLong(8, ~sent);
                if (channel().offer(out, 0, 16)) {
                    sent++;
                }
            }
            channel().poll((buffer, offset, length) -> {
                assertEquals(16, length);
                long n = buffer.getLong(offset);
                assertEquals(received[0], n, "out of order");
                assertEquals(~n, buffer.getLong(offset + 8), "corrupt message");
                received[0]++;
            }, 100);
            assertTrue(System.nanoTime() < deadline, "timed out at " + received[0] + " of " + count);
        }
    }

    @Test
    void offerReportsBackPressureAndNothingIsLost() {
        channel().send(EchoPeer.command("stall:1500"));
        byte[] message = new byte[1024];
        UnsafeBuffer buffer = new UnsafeBuffer(message);
        int accepted = 0;
        while (true) {
            buffer.putInt(0, accepted);
            if (!channel().offer(buffer, 0, message.length)) {
                break;
            }
            accepted++;
            assertTrue(accepted < 1_000_000, "a stalled peer never pushed back");
        }
        assertTrue(accepted > 0, "nothing was accepted at all");
        for (int i = 0; i < accepted; i++) {
            byte[] echo = channel().receive(Duration.ofSeconds(30));
            assertEquals(i, ByteBuffer.wrap(echo).order(ByteOrder.nativeOrder()).getInt(0), "message lost or reordered");
        }
    }

    @Test
    void closeWakesABlockedReceiver() {
        CompletableFuture<Throwable> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                channel().receive(Duration.ofSeconds(60));
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !blocked.isDone());
        channel().close();
        Throwable thrown = blocked.orTimeout(2, java.util.concurrent.TimeUnit.SECONDS).join();
        assertTrue(thrown instanceof ChannelClosedException, "expected ChannelClosedException, got " + thrown);
    }

    @Test
    void peerKilledIsReportedAsPeerGone() {
        channel().send(new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, channel().receive(Duration.ofSeconds(10)));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        CompletableFuture<Void> receiver = CompletableFuture.runAsync(() -> {
            try {
                channel().receive(Duration.ofSeconds(60));
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        peer.process().kill();
        await().atMost(Duration.ofSeconds(1)).until(receiver::isDone);
        assertTrue(thrown.get() instanceof PeerGoneException, "expected PeerGoneException, got " + thrown.get());
        assertTrue(thrown.get().getMessage().contains(channel().endpoint().toString()), "names the endpoint: " + thrown.get());
    }

    @Test
    void peerCloseIsEndOfStreamAfterItsMessages() {
        channel().send(new byte[] {42});
        channel().send(EchoPeer.command("close"));
        assertArrayEquals(new byte[] {42}, channel().receive(Duration.ofSeconds(10)));
        assertThrows(PeerGoneException.class, () -> channel().receive(Duration.ofSeconds(10)));
        assertTrue(peer.process().join(Duration.ofSeconds(10)), "peer did not exit after closing");
        assertEquals(0, peer.process().exitCode().getAsInt());
    }

    @Test
    void oversizedMessageIsRefusedAndTheChannelStaysUsable() {
        int max = channel().maxMessageLength();
        UnsafeBuffer huge = new UnsafeBuffer(ByteBuffer.allocateDirect(max + 1));
        FrameTooLargeException e = assertThrows(FrameTooLargeException.class, () -> channel().offer(huge, 0, max + 1));
        assertTrue(e.getMessage().contains(String.valueOf(max)), "names the limit: " + e.getMessage());
        assertTrue(e.getMessage().contains(channel().endpoint().toString()), "names the endpoint: " + e.getMessage());
        channel().send(new byte[] {7});
        assertArrayEquals(new byte[] {7}, channel().receive(Duration.ofSeconds(10)));
    }

    @Test
    void closeIsIdempotentAndLaterCallsFail() {
        channel().close();
        channel().close();
        assertFalse(channel().isOpen());
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[4]);
        assertThrows(ChannelClosedException.class, () -> channel().offer(buffer, 0, 4));
        assertThrows(ChannelClosedException.class, () -> channel().poll((b, o, l) -> { }, 1));
        assertThrows(ChannelClosedException.class, () -> channel().receive(Duration.ofMillis(10)));
    }

    @Test
    void receiveTimesOutAndTheChannelStaysUsable() {
        IpcTimeoutException e = assertThrows(IpcTimeoutException.class, () -> channel().receive(Duration.ofMillis(100)));
        assertTrue(e.getMessage().contains(channel().endpoint().toString()), "names the endpoint: " + e.getMessage());
        channel().send(new byte[] {9});
        assertArrayEquals(new byte[] {9}, channel().receive(Duration.ofSeconds(10)));
    }
}
