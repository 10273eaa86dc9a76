package io.jipc.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
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

/** Volume, order and integrity across processes: one stream echoed, many writers into one server. */
@Timeout(120)
@ExtendWith(NoLeaks.class)
class ShmStreamTest {

    private final TempShmDir dir = new TempShmDir();

    @AfterEach
    void cleanUp() throws Exception {
        dir.closeChecked();
    }

    @Test
    void tenMillionMessagesAreEchoedIntactAndInOrder() {
        int count = 10_000_000;
        ChannelServer server = dir.track(Ipc.bind(dir.uri("echo?capacity=1m")));
        dir.track(JvmProcess.builder(TestChildren.FastEcho.class).args(server.endpoint().toString()).start());
        Channel channel = dir.track(server.accept(Duration.ofSeconds(30)));
        UnsafeBuffer out = new UnsafeBuffer(new byte[16]);
        long[] received = {0};
        long sent = 0;
        long started = System.nanoTime();
        long deadline = started + Duration.ofSeconds(90).toNanos();
        while (received[0] < count) {
            int burst = 0;
            while (sent < count && burst++ < 256) {
                out.putLong(0, sent);
                out.putLong(8, ~sent);
                if (!channel.offer(out, 0, 16)) {
                    break;
                }
                sent++;
            }
            channel.poll((buffer, offset, length) -> {
                long n = buffer.getLong(offset);
                if (length != 16 || n != received[0] || buffer.getLong(offset + 8) != ~n) {
                    throw new AssertionError("message " + received[0] + " came back as #" + n + " of " + length + " bytes");
                }
                received[0]++;
            }, 1024);
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out at " + received[0] + " of " + count);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.err.printf("10M echoed in %.2f s (%.1f M round trips/s)%n", seconds, count / seconds / 1e6);
    }

    @Test
    void fourWritersIntoOneServerEachMessageOnceInOrderPerWriter() {
        int writers = 4;
        long perWriter = 250_000;
        ChannelServer server = dir.track(Ipc.bind(dir.uri("inbox?capacity=256k")));
        for (int w = 0; w < writers; w++) {
            dir.track(JvmProcess.builder(TestChildren.Streamer.class)
                .args(server.endpoint().toString(), Long.toString(perWriter), Integer.toString(w)).start());
        }
        List<Channel> channels = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            channels.add(dir.track(server.accept(Duration.ofSeconds(30))));
        }
        long[] next = new long[writers];
        boolean[] ended = new boolean[writers];
        int open = writers;
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (open > 0) {
            int work = 0;
            for (int c = 0; c < writers; c++) {
                if (ended[c]) {
                    continue;
                }
                try {
                    work += channels.get(c).poll((buffer, offset, length) -> {
                        int writer = (int) buffer.getLong(offset);
                        long seq = buffer.getLong(offset + 8);
                        assertEquals(next[writer], seq, "writer " + writer + " out of order");
                        assertEquals(~seq, buffer.getLong(offset + 16), "corrupt message");
                        next[writer]++;
                    }, 256);
                } catch (PeerGoneException e) {
                    ended[c] = true;
                    open--;
                }
            }
            if (work == 0) {
                Thread.onSpinWait();
                Thread.yield();
            }
            assertTrue(System.nanoTime() < deadline, "timed out");
        }
        for (int w = 0; w < writers; w++) {
            assertEquals(perWriter, next[w], "messages from writer " + w);
        }
    }

    @Test
    void aStalledReaderLosesNothingOnceItResumes() {
        ChannelServer server = dir.track(Ipc.bind(dir.uri("stall?capacity=4k")));
        long count = 20_000;
        JvmProcess writer = dir.track(JvmProcess.builder(TestChildren.Streamer.class)
            .args(server.endpoint().toString(), Long.toString(count), "7").start());
        Channel channel = dir.track(server.accept(Duration.ofSeconds(30)));
        org.awaitility.Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(writer::isAlive);
        long[] next = {0};
        while (next[0] < count) {
            channel.receive((buffer, offset, length) -> {
                assertEquals(next[0], buffer.getLong(offset + 8), "lost or reordered");
                next[0]++;
            }, 100, Duration.ofSeconds(10));
        }
        assertThrows(PeerGoneException.class, () -> channel.receive(Duration.ofSeconds(10)));
        assertTrue(writer.join(Duration.ofSeconds(10)));
        assertEquals(0, writer.exitCode().getAsInt());
    }
}
