package io.jipc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.jipc.cli.children.Appender;
import io.jipc.mq.MessageQueue;
import io.jipc.mq.QueueInspection;
import io.jipc.mq.QueueMessage;
import io.jipc.mq.Subscription;
import io.jipc.process.JvmProcess;
import io.jipc.testkit.NoLeaks;

/** tail, stat and ls on a queue that a child JVM appends to: its length, a subscription's lag, a group's members. */
@Timeout(120)
@ExtendWith(NoLeaks.class)
class QueueToolTest {

    @Test
    void tailPrintsMessagesAsTheyArriveAndStatShowsSubscriptions(@TempDir Path temp) throws Exception {
        Path dir = temp.resolve("jobs");
        String uri = "mq:" + dir;
        try (JvmProcess appender = JvmProcess.builder(Appender.class).args(uri, "one", "two", "three", "-", "four").start()) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> QueueInspection.isQueue(dir));
            Tool tail = Tool.run("tail", dir.toString(), "--from=start", "--count=4"); // "four" comes a second later
            assertEquals(Jipc.OK, tail.status(), tail.toString());
            List<String> lines = tail.out().lines().collect(Collectors.toList());
            assertEquals(4, lines.size(), tail.toString());
            assertTrue(lines.get(0).matches("0x[0-9a-f]+  \\S+  3 B  one"), lines.get(0));
            assertTrue(lines.get(3).endsWith("  4 B  four"), lines.get(3));
            assertTrue(appender.join(Duration.ofSeconds(30)));
        }
        try (MessageQueue queue = MessageQueue.open(uri);
             Subscription<QueueMessage> billing = queue.subscribe("billing");
             Subscription<QueueMessage> worker = queue.subscribeShared("workers")) {
            assertEquals(2, billing.poll(m -> { }, 2));
            assertEquals(1, worker.poll(m -> { }, 1));
            long pid = ProcessHandle.current().pid();
            Tool stat = Tool.run("stat", dir.toString());
            assertEquals(Jipc.OK, stat.status(), stat.toString());
            assertTrue(stat.out().contains("kind         queue"), stat.toString());
            assertTrue(stat.out().contains("messages     4 kept"), stat.toString());
            assertTrue(stat.out().contains("subscription billing: acknowledged up to 0x" + Long.toHexString(billing.lastIndex())
                + ", lag 2, owner pid " + pid + " (alive)"), stat.toString());
            assertTrue(stat.out().contains("last         0x" + Long.toHexString(queue.lastIndex())), stat.toString());
            assertTrue(stat.out().contains("group        workers: claimed up to 0x" + Long.toHexString(queue.firstIndex())
                + ", unclaimed 3, in flight 0, 1 member"), stat.toString());
            assertTrue(stat.out().contains("  member     pid " + pid + " (alive), nothing in flight"), stat.toString());

            Tool ls = Tool.run("ls", temp.toString());
            assertEquals(Jipc.OK, ls.status(), ls.toString());
            assertTrue(ls.out().lines().anyMatch(l -> l.startsWith("queue ") && l.contains("4 messages 0x")
                && l.contains("subscriptions: billing (lag 2, owner " + pid + " alive)")
                && l.contains("groups: workers (unclaimed 3, in flight 0, members " + pid + " alive)")
                && l.endsWith(dir.toString())), ls.toString());
        }
        Files.writeString(temp.resolve("not-a-queue.txt"), "hello");
        Tool notQueue = Tool.run("tail", temp.toString());
        assertEquals(Jipc.USAGE, notQueue.status(), notQueue.toString());
        assertTrue(notQueue.err().contains(temp + " holds no queue"), notQueue.toString());
    }
}
