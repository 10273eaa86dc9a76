package io.jipc.pipe;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.jipc.Channel;
import io.jipc.ChannelClosedException;
import io.jipc.FrameTooLargeException;
import io.jipc.HandshakeException;
import io.jipc.PeerGoneException;
import io.jipc.ProtocolException;
import io.jipc.pipe.children.BadHeaderChild;
import io.jipc.pipe.children.GarbageChild;
import io.jipc.pipe.children.HugeFrameChild;
import io.jipc.pipe.children.DirectPrintingEcho;
import io.jipc.pipe.children.PrintingEcho;
import io.jipc.pipe.children.Streamer;
import io.jipc.pipe.children.TruncatedFrameChild;
import io.jipc.pipe.children.WrongVersionChild;
import io.jipc.process.JvmProcess;
import io.jipc.testkit.EchoPeer;
import org.junit.jupiter.api.extension.ExtendWith;
import io.jipc.testkit.NoLeaks;

/** Pipe-specific behaviour with real child JVMs: volume, broken peers, bad bytes on the wire. */
@Timeout(120)
@ExtendWith(NoLeaks.class)
class PipeChannelTest {

    private final List<JvmProcess> children = new ArrayList<>();

    private JvmProcess start(Class<?> main, String... args) {
        JvmProcess child = JvmProcess.builder(main).args(args).stderr(JvmProcess.Stderr.CAPTURE)
            .grace(Duration.ofSeconds(2)).start();
        children.add(child);
        return child;
    }

    @AfterEach
    void reapChildren() {
        for (JvmProcess child : children) {
            child.kill();
            child.close();
            assertFalse(child.isAlive(), child + " outlived its test");
        }
    }

    @Test
    void hundredThousandMessagesOfRandomSizesAreEchoedIntact() {
        JvmProcess child = start(EchoPeer.class, "pipe:stdio");
        Channel channel = child.channel();
        int count = 100_000;
        int maxSize = 64 * 1024;
        byte[] block = new byte[2 * maxSize + 8];
        new SplittableRandom(42).nextBytes(block);
        UnsafeBuffer source = new UnsafeBuffer(block);
        SplittableRandom sendSizes = new SplittableRandom(7);
        SplittableRandom receiveSizes = new SplittableRandom(7);
        int[] received = {0};
        long[] bytes = {0};
        int sent = 0;
        int pendingSize = sendSizes.nextInt(maxSize + 1);
        long deadline = System.nanoTime() + Duration.ofSeconds(100).toNanos();
        while (received[0] < count) {
            while (sent < count) {
                int offset = (sent * 7919) % maxSize;
                int saved = source.getInt(offset);
                if (pendingSize >= 4) {
                    source.putInt(offset, sent);
                }
                boolean ok = channel.offer(source, offset, pendingSize);
                source.putInt(offset, saved);
                if (!ok) {
                    break;
                }
                sent++;
                pendingSize = sendSizes.nextInt(maxSize + 1);
            }
            channel.poll((buffer, offset, length) -> {
                int n = received[0];
                int expectedLength = receiveSizes.nextInt(maxSize + 1);
                assertEquals(expectedLength, length, "length of message " + n);
                int origin = (n * 7919) % maxSize;
                int i = 0;
                if (length >= 4) {
                    assertEquals(n, buffer.getInt(offset), "message out of order");
                    i = 4;
                }
                for (; i + 8 <= length; i += 8) {
                    if (buffer.getLong(offset + i) != source.getLong(origin + i)) {
                        throw new AssertionError("message " + n + " corrupt at byte " + i);
                    }
                }
                for (; i < length; i++) {
                    assertEquals(source.getByte(origin + i), buffer.getByte(offset + i), "message " + n + " byte " + i);
                }
                bytes[0] += length;
                received[0]++;
            }, 64);
            assertTrue(System.nanoTime() < deadline, "timed out at message " + received[0]);
        }
        assertTrue(bytes[0] > (long) count * maxSize / 3, "sizes were not spread: " + bytes[0]);
    }

    @Test
    void childKilledMidStreamIsPeerGoneWithinASecond() {
        JvmProcess child = start(Streamer.class);
        Channel channel = child.channel();
        AtomicLong last = new AtomicLong(-1);
        AtomicReference<Throwable> ended = new AtomicReference<>();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            try {
                while (true) {
                    channel.receive((buffer, offset, length) -> {
                        long n = buffer.getLong(offset);
                        if (n != last.get() + 1) {
                            throw new AssertionError("expected message " + (last.get() + 1) + ", got " + n);
                        }
                        last.set(n);
                    }, 100, Duration.ofSeconds(30));
                }
            } catch (Throwable t) {
                ended.set(t);
            }
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> last.get() > 10_000);
        child.kill();
        await().atMost(Duration.ofSeconds(1)).until(reader::isDone);
        assertTrue(ended.get() instanceof PeerGoneException, "expected PeerGoneException, got " + ended.get());
        assertTrue(ended.get().getMessage().contains("exited with code 137"), ended.get().getMessage());
    }

    @Test
    void sendingToAKilledChildIsPeerGoneNotASilentDrop() {
        JvmProcess child = start(EchoPeer.class, "pipe:stdio");
        Channel channel = child.channel();
        channel.send(new byte[] {1});
        assertArrayEquals(new byte[] {1}, channel.receive(Duration.ofSeconds(10)));
        child.kill();
        assertTrue(child.join(Duration.ofSeconds(10)));
        PeerGoneException e = assertThrows(PeerGoneException.class, () -> channel.send(new byte[] {2}));
        assertTrue(e.getMessage().contains("exited with code 137"), e.getMessage());
    }

    @Test
    void frameAnnouncingTwoGibibytesIsRefusedWithoutAllocating() {
        JvmProcess child = start(HugeFrameChild.class);
        Channel channel = child.channel();
        FrameTooLargeException e = assertThrows(FrameTooLargeException.class, () -> channel.receive(Duration.ofSeconds(10)));
        assertTrue(e.getMessage().contains(String.valueOf(Integer.MAX_VALUE)), e.getMessage());
        assertTrue(e.getMessage().contains(channel.endpoint().toString()), e.getMessage());
        assertFalse(channel.isOpen(), "channel stays open after a frame it cannot read");
        ChannelClosedException closed = assertThrows(ChannelClosedException.class, () -> channel.receive(Duration.ofSeconds(1)));
        assertTrue(closed.getMessage().contains("announced a frame"), closed.getMessage());
    }

    @Test
    void invalidFrameHeaderIsAProtocolError() {
        JvmProcess child = start(BadHeaderChild.class);
        Channel channel = child.channel();
        ProtocolException e = assertThrows(ProtocolException.class, () -> channel.receive(Duration.ofSeconds(10)));
        assertTrue(e.getMessage().contains("invalid frame header -5"), e.getMessage());
        assertFalse(channel.isOpen());
    }

    @Test
    void peerDyingInTheMiddleOfAFrameIsReportedAsSuch() {
        JvmProcess child = start(TruncatedFrameChild.class);
        Channel channel = child.channel();
        PeerGoneException e = assertThrows(PeerGoneException.class, () -> channel.receive(Duration.ofSeconds(10)));
        assertTrue(e.getMessage().contains("exited with code 3"), e.getMessage());
        assertTrue(e.getMessage().contains("in the middle of a frame (14 bytes"), e.getMessage());
    }

    @Test
    void garbageBeforeTheHandshakeIsAHandshakeErrorShowingIt() {
        JvmProcess child = start(GarbageChild.class);
        HandshakeException e = assertThrows(HandshakeException.class, child::channel);
        assertTrue(e.getMessage().contains("\"Hello from"), e.getMessage());
        assertTrue(e.getMessage().contains("48 65 6c 6c 6f"), e.getMessage());
    }

    @Test
    void wrongProtocolVersionIsAHandshakeError() {
        JvmProcess child = start(WrongVersionChild.class);
        HandshakeException e = assertThrows(HandshakeException.class, child::channel);
        assertTrue(e.getMessage().contains("expected protocol version 1, found 9"), e.getMessage());
    }

    @Test
    void childThatNeverConnectsFailsTheHandshakeWhenItExits() {
        JvmProcess child = JvmProcess.builder(TruncatedFrameChild.class.getName() + "Missing").stderr(JvmProcess.Stderr.CAPTURE).start();
        children.add(child);
        HandshakeException e = assertThrows(HandshakeException.class, child::channel);
        assertTrue(e.getMessage().contains("exited with code 1 before completing the handshake"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(classes = {PrintingEcho.class, DirectPrintingEcho.class})
    void whatAChildPrintsToSystemOutCannotCorruptTheStream(Class<?> main) {
        JvmProcess child = start(main);
        Channel channel = child.channel();
        for (int i = 0; i < 200; i++) {
            byte[] message = ("message " + i).getBytes(StandardCharsets.UTF_8);
            channel.send(message);
            assertArrayEquals(message, channel.receive(Duration.ofSeconds(10)));
        }
        channel.close();
        assertTrue(child.join(Duration.ofSeconds(10)));
        assertEquals(0, child.exitCode().getAsInt());
        String stderr = child.capturedStderr();
        assertTrue(stderr.contains("printed before connecting") && stderr.contains("got 9 bytes")
            && stderr.contains("printed after serving"), "prints went to stderr: " + stderr);
    }

    @Test
    void messageAboveTheReceiversAnnouncedMaximumIsRefusedBySender() {
        JvmProcess child = JvmProcess.builder(EchoPeer.class).args("pipe:stdio?maxMessage=1k").start();
        children.add(child);
        Channel channel = child.channel();
        assertEquals(1024, channel.maxMessageLength());
        assertThrows(FrameTooLargeException.class, () -> channel.send(new byte[1025]));
        channel.send(new byte[1024]);
        assertEquals(1024, channel.receive(Duration.ofSeconds(10)).length);
    }
}
