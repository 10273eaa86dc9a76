package io.jipc.mq;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.jipc.FrameTooLargeException;
import io.jipc.IpcTimeoutException;
import io.jipc.codec.Codecs;

/** The queue API within one process: append, durable and shared subscriptions, replay, retention. */
@Timeout(120)
class MessageQueueTest {

    @TempDir
    Path dir;

    private String uri() {
        return "mq:" + dir.resolve("q");
    }

    private static List<String> texts(QueueReader<QueueMessage> reader, int limit) {
        List<String> seen = new ArrayList<>();
        reader.poll(m -> seen.add(new String(m.bytes(), UTF_8)), limit);
        return seen;
    }

    @Test
    void aSubscriptionResumesAfterItsLastAcknowledgedMessage() {
        try (MessageQueue q = MessageQueue.open(uri())) {
            for (int i = 0; i < 10; i++) {
                q.append(("m" + i).getBytes(UTF_8));
            }
            try (Subscription<QueueMessage> s = q.subscribe("billing")) {
                assertEquals(List.of("m0", "m1", "m2"), texts(s, 3));
            }
            try (Subscription<QueueMessage> s = q.subscribe("billing")) {
                assertEquals(List.of("m3", "m4"), texts(s, 2), "resumes after the last acknowledged");
                assertThrows(IllegalStateException.class, () -> s.poll(m -> {
                    throw new IllegalStateException("not done");
                }, 1));
                assertEquals(List.of("m5"), texts(s, 1), "a message whose handler threw comes again");
            }
            try (Subscription<QueueMessage> other = q.subscribe("audit")) {
                assertEquals(10, texts(other, 100).size(), "broadcast: every subscription sees every message");
            }
            try (Subscription<QueueMessage> late = q.subscribe("late", From.end())) {
                assertEquals(List.of(), texts(late, 100));
                q.append("m10".getBytes(UTF_8));
                assertEquals(List.of("m10"), texts(late, 100));
            }
        }
    }

    @Test
    void aBatchIsAcknowledgedUpToTheMessageWhoseHandlerThrew() {
        try (MessageQueue q = MessageQueue.open(uri())) {
            for (int i = 0; i < 6; i++) {
                q.append(("m" + i).getBytes(UTF_8));
            }
            try (Subscription<String> s = q.subscribe("batch", Codecs.utf8())) {
                List<String> seen = new ArrayList<>();
                assertThrows(IllegalStateException.class, () -> s.pollBatch(m -> {
                    if (m.equals("m3")) {
                        throw new IllegalStateException("boom");
                    }
                    seen.add(m);
                }, 10));
                assertEquals(List.of("m0", "m1", "m2"), seen);
                assertEquals(s.lastIndex(), s.acknowledgedIndex());
            }
            try (Subscription<String> s = q.subscribe("batch", Codecs.utf8())) {
                List<String> seen = new ArrayList<>();
                assertEquals(3, s.pollBatch(seen::add, 10));
                assertEquals(List.of("m3", "m4", "m5"), seen);
            }
        }
    }

    @Test
    void oneReaderPerSubscriptionName() {
        try (MessageQueue q = MessageQueue.open(uri());
             Subscription<QueueMessage> s = q.subscribe("billing")) {
            assertEquals("billing", s.name());
            SubscriptionOwnedException e = assertThrows(SubscriptionOwnedException.class, () -> q.subscribe("billing"));
            assertEquals(ProcessHandle.current().pid(), e.ownerPid());
            assertTrue(e.getMessage().contains("billing") && e.getMessage().contains(q.endpoint().toString()), e.getMessage());
        }
    }

    @Test
    void groupMembersShareTheMessages() {
        try (MessageQueue q = MessageQueue.open(uri())) {
            for (int i = 0; i < 100; i++) {
                q.append(("m" + i).getBytes(UTF_8));
            }
            List<String> all = new ArrayList<>();
            try (Subscription<QueueMessage> a = q.subscribeShared("workers");
                 Subscription<QueueMessage> b = q.subscribeShared("workers")) {
                int fromA = 0;
                int fromB = 0;
                for (int round = 0; round < 100 && all.size() < 100; round++) {
                    fromA += a.poll(m -> all.add(new String(m.bytes(), UTF_8)), 3);
                    fromB += b.pollBatch(m -> all.add(new String(m.bytes(), UTF_8)), 4);
                }
                assertTrue(fromA > 0 && fromB > 0, "both members got messages: " + fromA + ", " + fromB);
            }
            assertEquals(100, all.size());
            assertEquals(100, all.stream().distinct().count(), "no message twice");
        }
    }

    @Test
    void aGroupMemberThatThrowsGetsItsMessageAgain() {
        try (MessageQueue q = MessageQueue.open(uri())) {
            q.append("a".getBytes(UTF_8));
            q.append("b".getBytes(UTF_8));
            try (Subscription<String> s = q.subscribeShared("workers", Codecs.utf8())) {
                assertThrows(IllegalStateException.class, () -> s.poll(m -> {
                    throw new IllegalStateException();
                }, 1));
                List<String> seen = new ArrayList<>();
                s.poll(seen::add, 10);
                assertEquals(List.of("a", "b"), seen);
            }
        }
    }

    @Test
    void replayFromTheStartAnIndexAndATime() throws InterruptedException {
        try (MessageQueue q = MessageQueue.open(uri())) {
            List<Long> indexes = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                indexes.add(q.append(("early" + i).getBytes(UTF_8)));
            }
            Thread.sleep(20);
            Instant middle = Instant.now();
            Thread.sleep(20);
            for (int i = 0; i < 5; i++) {
                indexes.add(q.append(("late" + i).getBytes(UTF_8)));
            }
            try (QueueReader<QueueMessage> r = q.replay(From.start())) {
                assertEquals(10, texts(r, 100).size());
            }
            try (QueueReader<QueueMessage> r = q.replay(From.index(indexes.get(7)))) {
                assertEquals(List.of("late2", "late3", "late4"), texts(r, 100));
            }
            try (QueueReader<QueueMessage> r = q.replay(From.time(middle))) {
                assertEquals(List.of("late0", "late1", "late2", "late3", "late4"), texts(r, 100));
            }
            try (QueueReader<QueueMessage> r = q.replay(From.time(Instant.now().plusSeconds(60)))) {
                assertEquals(List.of(), texts(r, 100));
            }
            try (QueueReader<QueueMessage> r = q.replay(From.end())) {
                assertThrows(IpcTimeoutException.class, () -> r.receive(m -> { }, 1, Duration.ofMillis(50)));
            }
            assertEquals(indexes.get(0), q.firstIndex());
            assertEquals(indexes.get(9), q.lastIndex());
        }
    }

    @Test
    void largeMessagesKeepTheirBytesAcrossChunks() {
        Random random = new Random(7);
        List<byte[]> sent = new ArrayList<>();
        try (MessageQueue q = MessageQueue.open(uri())) {
            for (int i = 0; i < 40; i++) {
                byte[] message = new byte[random.nextInt(q.maxMessageLength())];
                random.nextBytes(message);
                sent.add(message);
                q.append(message);
            }
            assertThrows(FrameTooLargeException.class, () -> q.append(new byte[q.maxMessageLength() + 1]));
            try (QueueReader<QueueMessage> r = q.replay(From.start())) {
                List<byte[]> read = new ArrayList<>();
                r.poll(m -> read.add(m.bytes()), 100);
                assertEquals(sent.size(), read.size());
                for (int i = 0; i < sent.size(); i++) {
                    assertArrayEquals(sent.get(i), read.get(i), "message " + i);
                }
            }
        }
    }
}
