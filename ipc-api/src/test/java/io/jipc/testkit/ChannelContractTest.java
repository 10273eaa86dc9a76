package io.jipc.testkit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.jipc.Capabilities;
import io.jipc.Capability;
import io.jipc.Channel;
import io.jipc.ChannelClosedException;
import io.jipc.FrameTooLargeException;
import io.jipc.Ipc;
import io.jipc.IpcInterruptedException;
import io.jipc.IpcTimeoutException;
import io.jipc.PeerGoneException;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The channel contract, for every backend: a backend's test extends this class and says how to start an
 * {@link EchoPeer} in another JVM. Every test talks to a real child process. Which tests run follows the
 * capabilities the transport declares ({@link Ipc#capabilities(String)}): a test of a guarantee the transport does
 * not make is skipped by that declaration, never by hand.
 */
@Timeout(120)
@ExtendWith(NoLeaks.class)
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

    /** @return what the transport under test declares */
    protected Capabilities capabilities() {
        return Ipc.capabilities(channel().endpoint().scheme());
    }

    private void requires(Capability capability) {
        assumeTrue(capabilities().has(capability), () -> channel().endpoint().scheme() + ": does not declare " + capability);
    }

    /** @return true once {@code thread} is parked or waiting inside a method named {@code method} */
    private static boolean blockedIn(Thread thread, String method) {
        Thread.State state = thread.getState();
        if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) {
            return false;
        }
        return Arrays.stream(thread.getStackTrace()).anyMatch(frame -> frame.getMethodName().equals(method));
    }

    /** Starts a thread that receives once and records what it threw. */
    private Thread blockedReceiver(AtomicReference<Throwable> thrown) {
        Thread receiver = new Thread(() -> {
            try {
                channel().receive(Duration.ofSeconds(60));
                thrown.set(new AssertionError("received a message nobody sent"));
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, "contract-receiver");
        receiver.setDaemon(true);
        receiver.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> blockedIn(receiver, "receive"));
        return receiver;
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
            if (size > channel().maxMessageLength()) {
                continue;
            }
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
        requires(Capability.BACK_PRESSURE);
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
    void closeWakesABlockedReceiver() throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread receiver = blockedReceiver(thrown);
        channel().close();
        receiver.join(Duration.ofSeconds(5).toMillis());
        assertFalse(receiver.isAlive(), "the receiver still waits after close");
        assertTrue(thrown.get() instanceof ChannelClosedException, "expected ChannelClosedException, got " + thrown.get());
    }

    @Test
    void interruptWakesABlockedReceiverAndKeepsItsStatus() throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        Thread receiver = new Thread(() -> {
            try {
                channel().receive(Duration.ofSeconds(60));
            } catch (Throwable t) {
                thrown.set(t);
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }
        }, "contract-receiver");
        receiver.setDaemon(true);
        receiver.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> blockedIn(receiver, "receive"));
        receiver.interrupt();
        receiver.join(Duration.ofSeconds(5).toMillis());
        assertFalse(receiver.isAlive(), "the receiver ignored its interrupt");
        assertTrue(thrown.get() instanceof IpcInterruptedException, "expected IpcInterruptedException, got " + thrown.get());
        assertEquals(Boolean.TRUE, stillInterrupted.get(), "interrupt status not restored");
        channel().send(new byte[] {4});
        assertArrayEquals(new byte[] {4}, channel().receive(Duration.ofSeconds(10)), "the channel stays usable");
    }

    @Test
    void aHandlerThatThrowsConsumesOnlyItsOwnMessage() {
        for (byte b = 1; b <= 3; b++) {
            channel().send(new byte[] {b});
        }
        assertArrayEquals(new byte[] {1}, channel().receive(Duration.ofSeconds(10)));
        await().atMost(Duration.ofSeconds(10)).until(() -> channel().isReady());
        IllegalStateException boom = new IllegalStateException("handler failed");
        List<Byte> seen = new ArrayList<>();
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> channel().receive((buffer, offset, length) -> {
            seen.add(buffer.getByte(offset));
            throw boom;
        }, 10, Duration.ofSeconds(10)));
        assertTrue(thrown == boom, "the handler's own exception leaves receive: " + thrown);
        assertEquals(List.of((byte) 2), seen, "one message per failure");
        assertArrayEquals(new byte[] {3}, channel().receive(Duration.ofSeconds(10)), "the next message waits; the failed one is gone");
    }

    @Test
    void aHandlerMayOfferOnItsOwnChannel() {
        channel().send(new byte[] {10});
        UnsafeBuffer reply = new UnsafeBuffer(new byte[1]);
        channel().receive((buffer, offset, length) -> {
            reply.putByte(0, (byte) (buffer.getByte(offset) + 1));
            assertTrue(channel().offer(reply, 0, 1), "offer from inside a handler");
        }, 1, Duration.ofSeconds(10));
        assertArrayEquals(new byte[] {11}, channel().receive(Duration.ofSeconds(10)));
    }

    @Test
    void isReadyWhenAMessageOrTheEndOfTheStreamWaits() {
        assertFalse(channel().isReady(), "ready with nothing sent");
        assertEquals(List.of(), Ipc.ready(List.of(channel())));
        assertThrows(IpcTimeoutException.class, () -> Ipc.wait(List.of(channel()), Duration.ofMillis(50)));
        channel().send(new byte[] {8});
        assertEquals(List.of(channel()), Ipc.wait(List.of(channel()), Duration.ofSeconds(10)));
        assertArrayEquals(new byte[] {8}, channel().receive(Duration.ofMillis(10)));
        channel().send(EchoPeer.command("close"));
        assertEquals(List.of(channel()), Ipc.wait(List.of(channel()), Duration.ofSeconds(10)), "end of stream makes it ready");
        assertThrows(PeerGoneException.class, () -> channel().receive(Duration.ofSeconds(10)));
    }

    @Test
    void thePeerIsKnownByItsProcessId() {
        assertTrue(channel().peer() != null, "peer() is never null");
        requires(Capability.PEER_PID);
        assertEquals(peer.process().pid(), channel().peer().pid().orElse(-1), String.valueOf(channel().peer()));
    }

    @Test
    void aGracefulCloseIsAnsweredByThePeer() {
        requires(Capability.GRACEFUL_CLOSE);
        channel().send(EchoPeer.command("quiet"));
        UnsafeBuffer message = new UnsafeBuffer(new byte[16]);
        for (int i = 0; i < 100; i++) {
            message.putInt(0, i);
            channel().send(message, 0, 16, Duration.ofSeconds(10));
        }
        assertTrue(channel().close(Duration.ofSeconds(20)), "the peer did not answer the close in time");
        assertFalse(channel().close(Duration.ofSeconds(1)), "a second close has nothing to deliver");
        assertTrue(peer.process().join(Duration.ofSeconds(10)), "peer did not exit after the close");
        assertEquals(0, peer.process().exitCode().getAsInt());
    }

    @Test
    void peerKilledIsReportedAsPeerGone() {
        requires(Capability.PEER_DEATH_VISIBLE);
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
        await().atMost(Duration.ofSeconds(5)).until(receiver::isDone);
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
