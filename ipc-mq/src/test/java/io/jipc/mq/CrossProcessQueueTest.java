package io.jipc.mq;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.function.Consumer;

import org.agrona.concurrent.UnsafeBuffer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jipc.process.ChildProcess;
import io.jipc.process.JvmProcess;
import org.junit.jupiter.api.extension.ExtendWith;
import io.jipc.testkit.NoLeaks;

/**
 * Queues across real processes: producers in several JVMs, subscribers and group members killed with -9 at random
 * points and restarted, a producer killed mid-append. {@code -Djipc.mq.test.messages=N} sets the messages per
 * producer of the three-producer test (default 1,000,000).
 */
@Timeout(300)
@ExtendWith(NoLeaks.class)
class CrossProcessQueueTest {

    private static final Logger LOG = LoggerFactory.getLogger(CrossProcessQueueTest.class);
    private static final int PER_PRODUCER = Integer.getInteger("jipc.mq.test.messages", 1_000_000);
    /** How much of a child's stderr a failure message shows: its last lines, an exception's stack trace. */
    private static final int STDERR_TAIL = 4000;

    @TempDir
    Path dir;

    private final List<JvmProcess> children = new ArrayList<>();
    private final Random random = new Random();

    @AfterEach
    void reapChildren() {
        for (JvmProcess child : children) {
            child.kill();
            child.close();
        }
    }

    private JvmProcess start(String... args) {
        return start(ChildProcess.Stderr.INHERIT, args);
    }

    private JvmProcess start(ChildProcess.Stderr stderr, String... args) {
        JvmProcess child = JvmProcess.builder(QueueChild.class).stderr(stderr).args(args).start();
        children.add(child);
        return child;
    }

    private String uri(String name) {
        return "mq:" + dir.resolve(name);
    }

    private static void kill(JvmProcess child) {
        child.kill();
        assertTrue(child.join(Duration.ofSeconds(10)), "killed child did not exit");
    }

    /** The records of a results queue, read as they come by one replay kept open. */
    private static final class Results implements AutoCloseable {
        private final MessageQueue queue;
        private final QueueReader<QueueMessage> reader;
        private final List<long[]> records = new ArrayList<>();

        Results(String uri) {
            queue = MessageQueue.open(uri);
            reader = queue.replay(From.start());
        }

        /** @return every record so far */
        List<long[]> all() {
            while (reader.poll(m -> records.add(new long[] {Record.kind(m.buffer(), 0), Record.member(m.buffer(), 0),
                Record.producer(m.buffer(), 0), Record.seq(m.buffer(), 0)}), 10_000) > 0) {
                // all of it
            }
            return records;
        }

        long count(byte kind) {
            return all().stream().filter(r -> r[0] == kind).count();
        }

        long count(byte kind, int member) {
            return all().stream().filter(r -> r[0] == kind && r[1] == member).count();
        }

        /** @return how many distinct messages are DONE */
        long distinctDone() {
            return all().stream().filter(r -> r[0] == Record.DONE).map(r -> r[3]).distinct().count();
        }

        @Override
        public void close() {
            reader.close();
            queue.close();
        }
    }

    private static long lastIndex(String uri) {
        try (MessageQueue q = MessageQueue.open(uri)) {
            return q.lastIndex();
        }
    }

    @Test
    void threeProducersAndOneSubscriberSeeEveryMessageInOrderPerProducer() {
        long started = System.nanoTime();
        List<JvmProcess> producers = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            // stderr captured: a producer's failure goes into this test's message, not only onto the build's console
            producers.add(start(ChildProcess.Stderr.CAPTURE, "produce", uri("q"), Integer.toString(p),
                Integer.toString(PER_PRODUCER)));
        }
        long[] next = new long[3];
        long total = 3L * PER_PRODUCER;
        long[] seen = {0};
        Consumer<QueueMessage> inOrder = m -> {
            int producer = Record.producer(m.buffer(), 0);
            long seq = Record.seq(m.buffer(), 0);
            if (seq != next[producer]) {
                throw new AssertionError("producer " + producer + ": expected " + next[producer] + ", got " + seq);
            }
            next[producer]++;
            seen[0]++;
        };
        try (MessageQueue q = MessageQueue.open(uri("q"));
             Subscription<QueueMessage> s = q.subscribe("all")) {
            try {
                await().atMost(Duration.ofSeconds(240)).pollInSameThread().pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(1)).until(() -> {
                        for (int batch = 0; batch < 64 && s.pollBatch(inOrder, 4096) > 0; batch++) {
                            // what is there, then a look at the producers
                        }
                        if (producers.stream().anyMatch(p -> p.exitCode().orElse(0) != 0)) {
                            fail("a producer failed; the subscriber is at " + seen[0] + " of " + total + "\n"
                                + report(producers, next, q));
                        }
                        return seen[0] == total;
                    });
            } catch (ConditionTimeoutException e) {
                fail("timed out at " + seen[0] + " of " + total + "\n" + report(producers, next, q), e);
            }
        }
        for (JvmProcess producer : producers) {
            assertTrue(producer.join(Duration.ofSeconds(30)),
                () -> "a producer did not exit\n" + report(producers, next, null));
            assertEquals(0, producer.exitCode().getAsInt(), () -> report(producers, next, null));
        }
        LOG.info("3 producers x {} messages, read by one subscriber, in {} ms", PER_PRODUCER,
            (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Each producer's state for a failure message: pid, alive or its exit code, what the subscriber saw of it, the end
     * of its stderr (its "opened" and "appended" lines, or its exception); and the queue's last index when open.
     */
    private static String report(List<JvmProcess> producers, long[] seen, MessageQueue queue) {
        StringBuilder report = new StringBuilder();
        if (queue != null) {
            long last = queue.lastIndex();
            report.append("  the queue's last index: ").append(last < 0 ? "none" : "0x" + Long.toHexString(last))
                .append('\n');
        }
        for (int p = 0; p < producers.size(); p++) {
            JvmProcess producer = producers.get(p);
            OptionalInt exit = producer.exitCode();
            String stderr = producer.capturedStderr().strip();
            if (stderr.length() > STDERR_TAIL) {
                stderr = "..." + stderr.substring(stderr.length() - STDERR_TAIL);
            }
            report.append("  producer ").append(p).append(" (pid ").append(producer.pid()).append("): ")
                .append(exit.isPresent() ? "exited with code " + exit.getAsInt() : "alive")
                .append("; the subscriber saw ").append(seen[p]).append(" of ").append(PER_PRODUCER)
                .append(" of its messages; stderr: ")
                .append(stderr.isEmpty() ? "(nothing)" : "\n    " + stderr.replace("\n", "\n    ")).append('\n');
        }
        return report.toString();
    }

    @Test
    void aSubscriberKilledTenTimesLosesNothingAndRepeatsAtMostOneMessagePerKill() {
        subscriberKilledTenTimes(1, 10);
    }

    @Test
    void aBatchSubscriberKilledThreeTimesRepeatsAtMostItsBatchPerKill() {
        subscriberKilledTenTimes(50, 3);
    }

    private void subscriberKilledTenTimes(int batch, int kills) {
        int count = 20_000;
        try (MessageQueue q = MessageQueue.open(uri("q"))) {
            UnsafeBuffer message = new UnsafeBuffer(new byte[Record.LENGTH]);
            for (int seq = 0; seq < count; seq++) {
                Record.write(message, Record.DATA, 0, 0, seq);
                q.append(message, 0, Record.LENGTH);
            }
        }
        try (Results results = new Results(uri("results"))) {
            for (int k = 0; k < kills; k++) {
                JvmProcess subscriber = start("subscribe", uri("q"), "billing", uri("results"), Integer.toString(batch), "40");
                long target = (long) count * (k + 1) / (kills + 1) + random.nextInt(count / (kills + 1) / 2);
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).until(() -> results.count(Record.DONE) >= target);
                kill(subscriber);
            }
            start("subscribe", uri("q"), "billing", uri("results"), Integer.toString(batch), "0");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> results.distinctDone() == count);
            long duplicates = results.count(Record.DONE) - count;
            LOG.info("batch {}: {} kills, {} duplicates", batch, kills, duplicates);
            assertTrue(duplicates <= (long) kills * batch, duplicates + " duplicates after " + kills + " kills with batch " + batch);
        }
    }

    @Test
    void competingConsumersShareTheMessagesAndAKilledMemberGivesItsMessageBack() {
        int count = 2_000;
        try (MessageQueue q = MessageQueue.open(uri("q"))) {
            UnsafeBuffer message = new UnsafeBuffer(new byte[Record.LENGTH]);
            for (int seq = 0; seq < count; seq++) {
                Record.write(message, Record.DATA, 0, 0, seq);
                q.append(message, 0, Record.LENGTH);
            }
        }
        try (Results results = new Results(uri("results"))) {
            JvmProcess victim = start("member", uri("q"), "workers", uri("results"), "0", "200");
            // the others start once the victim works, so they cannot drain the queue before it is killed
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).until(() -> results.count(Record.START, 0) >= 1);
            start("member", uri("q"), "workers", uri("results"), "1", "2");
            start("member", uri("q"), "workers", uri("results"), "2", "2");
            // the victim works 200 ms a message: kill it once it started its third and has not finished it
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                .until(() -> results.count(Record.START, 0) >= 3 && results.count(Record.START, 0) > results.count(Record.DONE, 0));
            kill(victim);
            long victimStarts = results.count(Record.START, 0);
            long victimDone = results.count(Record.DONE, 0);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> results.distinctDone() == count);
            Map<Long, List<Long>> startedBy = new HashMap<>();
            for (long[] r : results.all()) {
                if (r[0] == Record.START) {
                    startedBy.computeIfAbsent(r[3], seq -> new ArrayList<>()).add(r[1]);
                }
            }
            int twice = 0;
            for (Map.Entry<Long, List<Long>> e : startedBy.entrySet()) {
                List<Long> members = e.getValue();
                for (int i = 0; i < members.size() - 1; i++) {
                    assertEquals(0L, members.get(i), "message " + e.getKey() + " started by " + members + ": only the killed"
                        + " member's message may go to another");
                }
                twice += members.size() - 1;
            }
            LOG.info("killed member had started {} and finished {}; {} message(s) handled again by another member", victimStarts,
                victimDone, twice);
            assertEquals(victimStarts - victimDone, twice, "the message the victim died in was handled again, once");
            assertTrue(results.count(Record.START, 1) > 0 && results.count(Record.START, 2) > 0, "both survivors worked");
        }
    }

    @Test
    void aProducerKilledMidAppendLeavesNoTornMessage() {
        int size = 64 << 10;
        for (int k = 0; k < 3; k++) {
            long before = lastIndex(uri("q"));
            JvmProcess producer = start("fill", uri("q"), Integer.toString(size));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(() -> lastIndex(uri("q")) > before);
            await().pollDelay(Duration.ofMillis(random.nextInt(300))).atMost(Duration.ofSeconds(30)).until(() -> true);
            kill(producer);
        }
        long started = System.nanoTime();
        try (MessageQueue q = MessageQueue.open(uri("q"))) {
            q.append(new byte[size]);
            long appendMillis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(appendMillis < 10_000, "an append after the kills waited " + appendMillis + " ms");
            long[] read = {0};
            try (QueueReader<QueueMessage> r = q.replay(From.start())) {
                while (r.poll(m -> {
                    assertEquals(size, m.length(), "message length");
                    Record.checkFilled(m.buffer(), 0, m.length());
                    read[0]++;
                }, 1000) > 0) {
                    // all of it: every message has its whole length, its checksum and one sequence number
                }
            }
            LOG.info("3 producers killed mid-append: {} whole messages read back, next append took {} ms", read[0], appendMillis);
            assertTrue(read[0] > 3, "messages were written before the kills");
        }
    }
}
