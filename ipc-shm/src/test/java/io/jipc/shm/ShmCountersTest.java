package io.jipc.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.jipc.Channel;
import io.jipc.ChannelServer;
import io.jipc.Ipc;
import io.jipc.MessageHandler;
import io.jipc.testkit.NoLeaks;

/**
 * The statistics a channel side publishes for the jipc tool: received counts are counted per poll and published
 * lazily, yet exact once a poll finds nothing, also across polls whose handler threw (the ring consumed the message
 * that threw and every one before it) and across the ring's wrap-around.
 */
@Timeout(60)
@ExtendWith(NoLeaks.class)
class ShmCountersTest {

    private final TempShmDir dir = new TempShmDir();
    private final ExecutorService connector = Executors.newSingleThreadExecutor();

    @AfterEach
    void cleanUp() throws Exception {
        try {
            connector.shutdownNow();
            assertTrue(connector.awaitTermination(10, TimeUnit.SECONDS), "connecting thread still running");
        } finally {
            dir.closeChecked();
        }
    }

    /** @return the accepted (server) end, which receives, and the connected (client) end of a new channel */
    private Channel[] pair(String nameAndQuery) throws Exception {
        ChannelServer server = dir.track(Ipc.bind(dir.uri(nameAndQuery)));
        Future<Channel> connecting = connector.submit(() -> Ipc.connect(server.endpoint().toString(), Duration.ofSeconds(20)));
        Channel accepted = dir.track(server.accept(Duration.ofSeconds(10)));
        return new Channel[] {accepted, dir.track(connecting.get(10, TimeUnit.SECONDS))};
    }

    @Test
    void receivedCountsAreExactAfterPollsWhoseHandlerThrew() throws Exception {
        Channel[] pair = pair("counted?capacity=4k");
        ShmChannel receiver = (ShmChannel) pair[0];
        Channel sender = pair[1];
        UnsafeBuffer message = new UnsafeBuffer(new byte[100]);
        MessageHandler ignore = (buffer, offset, length) -> { };
        long messages = 0;
        long bytes = 0;
        // 4k rings of records up to 112 bytes: the rounds wrap around the ring's end dozens of times
        for (int round = 0; round < 300; round++) {
            int count = 1 + round % 7;
            int length = 1 + round % 97;
            for (int i = 0; i < count; i++) {
                assertTrue(sender.offer(message, 0, length), "ring full in round " + round);
            }
            int throwAt = round % count;
            int[] seen = {0};
            String why = "handler failed in round " + round;
            MessageHandler failing = (buffer, offset, l) -> {
                if (seen[0]++ == throwAt) {
                    throw new IllegalStateException(why);
                }
            };
            IllegalStateException thrown = null;
            for (int polls = 0; thrown == null && polls < 3; polls++) { // a poll stops at the ring's end
                try {
                    receiver.poll(failing, 100);
                } catch (IllegalStateException e) {
                    thrown = e;
                }
            }
            assertEquals(why, thrown == null ? "nothing thrown" : thrown.getMessage());
            int rest = 0;
            for (int polls = 0; polls < 3; polls++) {
                rest += receiver.poll(ignore, 100);
            }
            assertEquals(count - throwAt - 1, rest, "left after the failing message, round " + round);
            assertEquals(0, receiver.poll(ignore, 100)); // an empty poll publishes
            messages += count;
            bytes += (long) count * length;
            assertEquals(messages, counter(receiver, ChannelDescriptor.MESSAGES_RECEIVED_OFFSET), "messages, round " + round);
            assertEquals(bytes, counter(receiver, ChannelDescriptor.BYTES_RECEIVED_OFFSET), "bytes, round " + round);
        }
    }

    @Test
    void aReceiverThatNeverFindsItsRingEmptyStillPublishesEvery64Messages() throws Exception {
        Channel[] pair = pair("busy?capacity=64k");
        ShmChannel receiver = (ShmChannel) pair[0];
        Channel sender = pair[1];
        UnsafeBuffer message = new UnsafeBuffer(new byte[8]);
        for (int i = 0; i < 200; i++) {
            assertTrue(sender.offer(message, 0, 8));
        }
        int handled = 0;
        while (handled < 190) {
            handled += receiver.poll((buffer, offset, length) -> { }, 10); // never empty: one message stays behind
        }
        long published = counter(receiver, ChannelDescriptor.MESSAGES_RECEIVED_OFFSET);
        assertTrue(published > handled - 64 && published <= handled, "published " + published + " of " + handled);
        assertEquals(published * 8, counter(receiver, ChannelDescriptor.BYTES_RECEIVED_OFFSET));
        receiver.close(Duration.ZERO); // closing publishes
        assertEquals(handled, counter(receiver, ChannelDescriptor.MESSAGES_RECEIVED_OFFSET));
    }

    /** @return one of the server side's counters, as the jipc tool reads it from the file */
    private static long counter(ShmChannel server, int offset) {
        return server.file().buffer().getLongVolatile(ChannelDescriptor.SERVER_COUNTERS_OFFSET + offset);
    }
}
