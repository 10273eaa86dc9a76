package io.jipc.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jipc.process.JvmProcess;
import org.junit.jupiter.api.extension.ExtendWith;
import io.jipc.testkit.NoLeaks;

/**
 * A full disk and a read-only directory, on a small tmpfs mounted for the test (skipped, saying so, where this
 * machine does not let the test mount one).
 */
@Timeout(120)
@ExtendWith(NoLeaks.class)
class QueueDiskTest {

    private static final Logger LOG = LoggerFactory.getLogger(QueueDiskTest.class);

    private static Tmpfs tmpfs() throws IOException {
        Tmpfs tmpfs = Tmpfs.mount("16m");
        assumeTrue(tmpfs != null, "cannot mount a tmpfs here (not root?): full-disk and read-only tests skipped");
        return tmpfs;
    }

    private static long readAll(String uri) {
        long[] count = {0};
        try (MessageQueue q = MessageQueue.open(uri);
             QueueReader<QueueMessage> r = q.replay(From.start())) {
            while (r.poll(m -> {
                assertEquals(1024, m.length());
                count[0]++;
            }, 1000) > 0) {
                // all of it
            }
        }
        return count[0];
    }

    /** Appends 1 KiB messages until refused. @return how many were accepted */
    private static long fill(MessageQueue q) {
        byte[] message = new byte[1024];
        long accepted = 0;
        while (true) {
            try {
                q.append(message);
                accepted++;
            } catch (DiskFullException e) {
                assertTrue(e.getMessage().contains(q.endpoint().toString()), e.getMessage());
                LOG.info("refused after {} messages: {}", accepted, e.getMessage());
                return accepted;
            }
            assertTrue(accepted < 100_000, "a 16 MiB file system never filled up");
        }
    }

    @Test
    void theDefaultReserveRefusesAppendsOnATinyFileSystem() throws IOException {
        try (Tmpfs tmpfs = tmpfs()) {
            String uri = "mq:" + tmpfs.path().resolve("q");
            try (MessageQueue q = MessageQueue.open(uri)) {
                DiskFullException e = assertThrows(DiskFullException.class, () -> q.append(new byte[1024]));
                assertTrue(e.getMessage().contains("minFreeSpace") && e.getMessage().contains("KiB free"), e.getMessage());
            }
        }
    }

    @Test
    void aFullDiskRefusesAppendsBeforeChronicleFaultsAndKeepsWhatWasWritten() throws IOException {
        try (Tmpfs tmpfs = tmpfs()) {
            String uri = "mq:" + tmpfs.path().resolve("q") + "?minFreeSpace=2m";
            long accepted;
            try (MessageQueue q = MessageQueue.open(uri)) {
                accepted = fill(q);
                assertThrows(DiskFullException.class, () -> q.append(new byte[1024]), "refused again, not an Error");
            }
            assertTrue(accepted > 1000, "accepted " + accepted);
            assertEquals(accepted, readAll(uri), "what was written before is intact");
        }
    }

    @Test
    void withoutAReserveChroniclesFaultBecomesDiskFullAndTheQueueRecoversOnceThereIsSpace() throws IOException {
        try (Tmpfs tmpfs = tmpfs()) {
            Path ballast = tmpfs.path().resolve("ballast");
            Files.write(ballast, new byte[2 << 20]);
            String uri = "mq:" + tmpfs.path().resolve("q") + "?minFreeSpace=0";
            long accepted;
            try (MessageQueue q = MessageQueue.open(uri)) {
                accepted = fill(q);
            }
            assertEquals(accepted, readAll(uri), "what was written before is intact, nothing torn");
            long started = System.nanoTime();
            try (MessageQueue again = MessageQueue.open(uri)) {
                assertThrows(DiskFullException.class, () -> again.append(new byte[1024]));
                long millis = (System.nanoTime() - started) / 1_000_000;
                LOG.info("a second append after the fault was refused in {} ms", millis);
                assertTrue(millis < 10_000, "the write lock was left held: " + millis + " ms");
                Files.delete(ballast);
                for (int i = 0; i < 10; i++) {
                    again.append(new byte[1024]);
                }
            }
            assertEquals(accepted + 10, readAll(uri), "appends go on once there is space");
        }
    }

    @Test
    void aReadOnlyDirectoryReplaysButRefusesAppendsAndSubscriptions() throws IOException {
        try (Tmpfs tmpfs = tmpfs()) {
            String uri = "mq:" + tmpfs.path().resolve("q") + "?minFreeSpace=1m";
            // written by another JVM: once it exits nothing maps the files, so the mount can turn read-only
            try (JvmProcess producer = JvmProcess.builder(QueueChild.class).args("produce", uri, "0", "10").start()) {
                assertTrue(producer.join(Duration.ofSeconds(60)), "producer did not finish");
                assertEquals(0, producer.exitCode().getAsInt());
            }
            tmpfs.readOnly();
            try (MessageQueue q = MessageQueue.open(uri)) {
                assertTrue(q.isReadOnly());
                ReadOnlyQueueException append = assertThrows(ReadOnlyQueueException.class, () -> q.append(new byte[1]));
                assertTrue(append.getMessage().contains("read-only") && append.getMessage().contains(q.directory().toString()),
                    append.getMessage());
                assertThrows(ReadOnlyQueueException.class, () -> q.subscribe("billing"));
                assertThrows(ReadOnlyQueueException.class, () -> q.subscribeShared("workers"));
                List<Long> seqs = new ArrayList<>();
                try (QueueReader<QueueMessage> r = q.replay(From.start())) {
                    r.poll(m -> seqs.add(Record.seq(m.buffer(), 0)), 100);
                }
                assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), seqs, "replay reads what was written");
            }
        }
    }
}
