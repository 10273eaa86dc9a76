package io.jipc.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import net.openhft.chronicle.queue.rollcycles.TestRollCycles;

/** Retention deletes old cycle files, never one a subscription or a group still needs. */
@Timeout(120)
class RetentionTest {

    @TempDir
    Path dir;

    private long cycleFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("q"))) {
            return files.filter(p -> p.toString().endsWith(".cq4")).count();
        }
    }

    @Test
    void oldCyclesGoOnlyOnceEverySubscriptionAndGroupIsPastThem() throws Exception {
        String uri = "mq:" + dir.resolve("q") + "?rollCycle=test_secondly&retention=1s";
        try (MessageQueue q = MessageQueue.open(uri);
             Subscription<QueueMessage> slow = q.subscribe("slow");
             Subscription<QueueMessage> group = q.subscribeShared("workers")) {
            List<Long> indexes = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                indexes.add(q.append(new byte[] {(byte) i}));
                Thread.sleep(100);
            }
            long cycles = cycleFiles();
            assertTrue(cycles >= 4, cycles + " cycle files");
            assertEquals(0, q.applyRetention(), "nothing acknowledged yet: every cycle is needed");

            slow.poll(m -> { }, 35);
            assertEquals(0, q.applyRetention(), "the group still needs every cycle");
            group.poll(m -> { }, 30);
            int deleted = q.applyRetention();
            assertTrue(deleted >= 2, "deleted " + deleted + " of " + cycles);
            assertEquals(cycles - deleted, cycleFiles());
            long needed = Math.min(indexes.get(29), indexes.get(34));
            int neededCycle = TestRollCycles.TEST_SECONDLY.toCycle(needed);
            assertTrue(TestRollCycles.TEST_SECONDLY.toCycle(q.firstIndex()) <= neededCycle, "kept the cycle still needed");

            List<Byte> rest = new ArrayList<>();
            slow.poll(m -> rest.add(m.buffer().getByte(0)), 100);
            assertEquals(List.of((byte) 35, (byte) 36, (byte) 37, (byte) 38, (byte) 39), rest, "the subscription reads on");
        }
    }
}
