package io.jipc.shm;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.jipc.Channel;
import io.jipc.ChannelClosedException;
import io.jipc.ChannelServer;
import io.jipc.Ipc;
import io.jipc.PeerGoneException;
import org.junit.jupiter.api.extension.ExtendWith;
import io.jipc.testkit.NoLeaks;

/**
 * Closing from one thread while others are inside a call: the memory they touch stays mapped (touching unmapped
 * memory would crash the JVM), they fail cleanly, and a channel's mapping is released once nothing can reach it.
 */
@Timeout(60)
@ExtendWith(NoLeaks.class)
class ShmCloseTest {

    private final TempShmDir dir = new TempShmDir();
    private final ExecutorService threads = Executors.newFixedThreadPool(3);

    @AfterEach
    void cleanUp() throws Exception {
        try {
            threads.shutdownNow();
            assertTrue(threads.awaitTermination(10, TimeUnit.SECONDS), "test threads still running");
        } finally {
            dir.closeChecked();
        }
    }

    /** @return the accepted (server) end and the connected (client) end of a new channel in this process */
    private ShmChannel[] pair(String name) throws Exception {
        ChannelServer server = dir.track(Ipc.bind(dir.uri(name + "?capacity=4k")));
        CompletableFuture<Channel> client = CompletableFuture.supplyAsync(() -> Ipc.connect(server.endpoint().toString(),
            Duration.ofSeconds(20)));
        ShmChannel accepted = (ShmChannel) dir.track(server.accept(Duration.ofSeconds(10)));
        ShmChannel connected = (ShmChannel) dir.track(client.get(10, TimeUnit.SECONDS));
        return new ShmChannel[] {accepted, connected};
    }

    /** @return a task that makes {@code call} until it throws, and returns what it threw (null if interrupted) */
    private static Callable<Throwable> untilFailure(Runnable call) {
        return () -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    call.run();
                }
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        };
    }

    @Test
    void aClosedChannelsMappingIsReleasedOnceNothingReachesIt() throws Exception {
        java.lang.ref.WeakReference<java.nio.MappedByteBuffer> mapping = closedPairMapping();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            System.gc();
            return mapping.get() == null;
        });
    }

    /** Opens a pair, closes both ends, forgets them, and returns a weak reference to the accepted end's mapping. */
    private java.lang.ref.WeakReference<java.nio.MappedByteBuffer> closedPairMapping() throws Exception {
        ShmChannel[] pair = pair("unreachable");
        pair[1].send(new byte[] {1});
        assertEquals(1, pair[0].receive(Duration.ofSeconds(10))[0]);
        pair[1].close(Duration.ZERO);
        pair[0].close(Duration.ZERO);
        dir.untrack(pair[0]);
        dir.untrack(pair[1]);
        return new java.lang.ref.WeakReference<>(pair[0].file().mapping());
    }

    @Test
    void aHandlerStillRunningWhenAnotherThreadClosesKeepsReadingMappedMemory() throws Exception {
        ShmChannel[] pair = pair("inside");
        ShmChannel accepted = pair[0];
        pair[1].send(new byte[] {5});
        int handled = accepted.receive((buffer, offset, length) -> {
            CompletableFuture.runAsync(() -> accepted.close(Duration.ZERO), threads).join();
            assertFalse(accepted.isOpen());
            // the message is still readable in the ring: released memory would crash the JVM here
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> buffer.getByte(offset) == 5);
        }, 1, Duration.ofSeconds(10));
        assertEquals(1, handled);
        assertTrue(accepted.file().isMapped(), "close never unmaps a channel: the garbage collector does");
        assertThrows(ChannelClosedException.class, () -> accepted.poll((buffer, offset, length) -> { }, 1));
        assertThrows(ChannelClosedException.class, () -> accepted.offer(new UnsafeBuffer(new byte[1]), 0, 1));
    }

    @Test
    void callsRacingACloseFailCleanly() throws Exception {
        UnsafeBuffer message = new UnsafeBuffer(new byte[8]);
        for (int round = 0; round < 10; round++) {
            ShmChannel[] pair = pair("race" + round);
            ShmChannel server = pair[0];
            ShmChannel client = pair[1];
            AtomicLong received = new AtomicLong();
            Future<Throwable> receiver = threads.submit(untilFailure(() -> server.poll((b, o, l) -> received.incrementAndGet(), 16)));
            Future<Throwable> sender = threads.submit(untilFailure(() -> server.offer(message, 0, 8)));
            Future<Throwable> peer = threads.submit(untilFailure(() -> client.offer(message, 0, 8)));
            await().atMost(Duration.ofSeconds(10)).until(() -> received.get() > 1_000);
            server.close(Duration.ZERO);
            assertInstanceOf(ChannelClosedException.class, receiver.get(10, TimeUnit.SECONDS));
            assertInstanceOf(ChannelClosedException.class, sender.get(10, TimeUnit.SECONDS));
            assertInstanceOf(PeerGoneException.class, peer.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void closingASharedLongWhileOtherThreadsAddFailsThemCleanly() throws Exception {
        String uri = dir.uri("busy");
        SharedLong counter = SharedLong.open(uri);
        List<Future<Throwable>> adders = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            adders.add(threads.submit(untilFailure(() -> counter.addAndGet(1))));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> counter.get() > 100_000);
        counter.close();
        for (Future<Throwable> adder : adders) {
            assertInstanceOf(IllegalStateException.class, adder.get(10, TimeUnit.SECONDS));
        }
        try (SharedLong again = SharedLong.open(uri)) {
            assertTrue(again.get() > 100_000, "the additions made before the close are kept");
        }
        SharedLong.unlink(uri);
    }

    @Test
    void aBufferTakenFromASegmentStaysMappedAfterTheSegmentIsClosed() {
        String uri = dir.uri("segment");
        Segment segment = Segment.create(uri, 64);
        AtomicBuffer data = segment.buffer();
        segment.close();
        assertFalse(segment.isOpen());
        assertThrows(IllegalStateException.class, segment::buffer);
        data.putLongVolatile(8, 7); // released memory would crash the JVM here
        assertEquals(7, data.getLongVolatile(8));
        assertTrue(Segment.unlink(uri));
    }
}
