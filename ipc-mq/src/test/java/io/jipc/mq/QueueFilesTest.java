package io.jipc.mq;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;

import io.jipc.Endpoint;

/** Foreign and damaged files in a queue directory: refused with their name, nothing changed, nothing lost. */
@Timeout(120)
class QueueFilesTest {

    @TempDir
    Path dir;

    private Path queueDir() {
        return dir.resolve("q");
    }

    private String uri() {
        return "mq:" + queueDir();
    }

    private void write(int count) {
        try (MessageQueue q = MessageQueue.open(uri())) {
            for (int i = 0; i < count; i++) {
                q.append(String.format("MARKER-%04d", i).getBytes(UTF_8));
            }
        }
    }

    private List<String> readAll() {
        List<String> all = new ArrayList<>();
        try (MessageQueue q = MessageQueue.open(uri());
             QueueReader<QueueMessage> r = q.replay(From.start())) {
            while (r.poll(m -> all.add(new String(m.bytes(), UTF_8)), 1000) > 0) {
                // all of it
            }
        }
        return all;
    }

    private Path cycleFile() throws IOException {
        try (Stream<Path> files = Files.list(queueDir())) {
            return files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
    }

    private static void overwrite(Path file, long position, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(bytes), position);
        }
    }

    /** @return the first 64 bytes of a file */
    private static byte[] head(Path file) throws IOException {
        byte[] header = new byte[64];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.read(ByteBuffer.wrap(header), 0);
        }
        return header;
    }

    private static long find(Path file, String text) throws IOException {
        byte[] all = Files.readAllBytes(file);
        byte[] wanted = text.getBytes(UTF_8);
        outer:
        for (int i = 0; i + wanted.length <= all.length; i++) {
            for (int j = 0; j < wanted.length; j++) {
                if (all[i + j] != wanted[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError(text + " not found in " + file);
    }

    private static void makeOld(Path file) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
    }

    private static List<String> files(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aForeignCq4FileIsRefusedByName() throws IOException {
        write(10);
        Path foreign = queueDir().resolve("notes.cq4");
        Files.writeString(foreign, "not a queue");
        CorruptQueueException e = assertThrows(CorruptQueueException.class, () -> MessageQueue.open(uri()));
        assertTrue(e.getMessage().contains(foreign.toString()) && e.getMessage().contains("foreign"), e.getMessage());
        Files.delete(foreign);
        assertEquals(10, readAll().size(), "nothing was lost");
    }

    @Test
    void aCycleFileOfRandomBytesIsRefusedAndNotRenamed() throws IOException {
        write(10);
        Path foreign = queueDir().resolve("20200101F.cq4");
        byte[] random = new byte[100_000];
        new Random(1).nextBytes(random);
        Files.write(foreign, random);
        makeOld(foreign);
        List<String> before = files(queueDir());
        CorruptQueueException e = assertThrows(CorruptQueueException.class, () -> MessageQueue.open(uri()));
        assertTrue(e.getMessage().contains(foreign.toString()), e.getMessage());
        assertEquals(before, files(queueDir()), "Chronicle would have renamed it to .discard and skipped the queue");
        Files.delete(foreign);
        assertEquals(10, readAll().size());
    }

    @Test
    void aCycleFileWithADamagedHeaderIsRefused() throws IOException {
        write(10);
        Path cycle = cycleFile();
        byte[] header = head(cycle);
        overwrite(cycle, 0, new byte[64]);
        makeOld(cycle);
        CorruptQueueException e = assertThrows(CorruptQueueException.class, () -> MessageQueue.open(uri()));
        assertTrue(e.getMessage().contains(cycle.toString()) && e.getMessage().contains("header"), e.getMessage());
        overwrite(cycle, 0, header);
        assertEquals(10, readAll().size(), "the refused open changed nothing");
    }

    /**
     * What another process reads while Chronicle creates a store file, the document cut after {@code length} bytes:
     * the first word "being written" (0x80000000, little-endian), then as much of the header as is written so far.
     */
    private static byte[] unfinished(byte[] header, int length) {
        byte[] unfinished = new byte[header.length];
        System.arraycopy(header, 0, unfinished, 0, length);
        unfinished[0] = 0;
        unfinished[1] = 0;
        unfinished[2] = 0;
        unfinished[3] = (byte) 0x80;
        return unfinished;
    }

    @Test
    void aCycleFileWhoseHeaderAnotherProcessIsWritingIsBeingCreatedNotDamaged() throws IOException {
        write(10);
        Path cycle = cycleFile();
        byte[] header = head(cycle);
        // nothing after the word; "header" without its type (what the failing producer read); half the type; all
        // of the document but the word
        for (int length : new int[] {4, 12, 18, header.length}) {
            overwrite(cycle, 0, unfinished(header, length));
            MessageQueue.open(uri()).close();
        }
        overwrite(cycle, 0, unfinished(header, 12));
        makeOld(cycle);
        CorruptQueueException e = assertThrows(CorruptQueueException.class, () -> MessageQueue.open(uri()),
            "a header left unfinished for long is damage");
        assertTrue(e.getMessage().contains(cycle.toString()) && e.getMessage().contains("0x80000000"), e.getMessage());
        overwrite(cycle, 0, header);
        assertEquals(10, readAll().size(), "the opens changed nothing");
    }

    @Test
    void aMetadataFileWhoseHeaderAnotherProcessIsWritingIsBeingCreatedNotDamaged() throws IOException {
        write(1);
        Path metadata = queueDir().resolve(QueueDirectory.METADATA_FILE);
        QueueDirectory directory = new QueueDirectory(Endpoint.parse(uri()), queueDir());
        overwrite(metadata, 0, unfinished(head(metadata), 12));
        directory.validate(null);
        makeOld(metadata);
        CorruptQueueException e = assertThrows(CorruptQueueException.class, () -> directory.validate(null));
        assertTrue(e.getMessage().contains(metadata.toString()) && e.getMessage().contains("0x80000000"),
            e.getMessage());
    }

    @Test
    void aDamagedMetadataFileIsRefused() throws IOException {
        write(3);
        Path metadata = queueDir().resolve("metadata.cq4t");
        overwrite(metadata, 0, "garbage garbage garbage".getBytes(UTF_8));
        makeOld(metadata);
        CorruptQueueException e = assertThrows(CorruptQueueException.class, () -> MessageQueue.open(uri()));
        assertTrue(e.getMessage().contains(metadata.toString()), e.getMessage());
    }

    @Test
    void aDamagedPayloadIsReportedWithItsIndexAfterTheMessagesBeforeIt() throws IOException {
        write(10);
        Path cycle = cycleFile();
        overwrite(cycle, find(cycle, "MARKER-0005") + 3, new byte[] {'X'});
        List<String> seen = new ArrayList<>();
        try (MessageQueue q = MessageQueue.open(uri());
             QueueReader<QueueMessage> r = q.replay(From.start())) {
            CorruptQueueException e = assertThrows(CorruptQueueException.class,
                () -> r.poll(m -> seen.add(new String(m.bytes(), UTF_8)), 100));
            assertTrue(e.getMessage().contains("damaged") && e.getMessage().contains("checksum"), e.getMessage());
        }
        assertEquals(5, seen.size(), "the messages before the damaged one: " + seen);
    }

    @Test
    void aDocumentAnotherProgramWroteIsReportedNotMisread() {
        write(2);
        try (ChronicleQueue raw = ChronicleQueue.singleBuilder(queueDir()).build();
             ExcerptAppender appender = raw.createAppender()) {
            appender.writeText("hello from another program");
        }
        List<String> seen = new ArrayList<>();
        try (MessageQueue q = MessageQueue.open(uri());
             QueueReader<QueueMessage> r = q.replay(From.start())) {
            CorruptQueueException e = assertThrows(CorruptQueueException.class,
                () -> r.poll(m -> seen.add(new String(m.bytes(), UTF_8)), 100));
            assertTrue(e.getMessage().contains("not a jipc message") || e.getMessage().contains("not written by jipc"), e.getMessage());
        }
        assertEquals(2, seen.size());
    }

    @Test
    void aSubscriptionStateFileWithAnotherLayoutIsRefused() throws IOException {
        write(2);
        try (MessageQueue q = MessageQueue.open(uri());
             Subscription<QueueMessage> s = q.subscribe("billing")) {
            s.poll(m -> { }, 1);
        }
        Path state = queueDir().resolve("jipc/subscriptions/billing.sub");
        overwrite(state, 0, new byte[] {1, 2, 3, 4});
        try (MessageQueue q = MessageQueue.open(uri())) {
            CorruptQueueException e = assertThrows(CorruptQueueException.class, () -> q.subscribe("billing"));
            assertTrue(e.getMessage().contains(state.toString()) && e.getMessage().contains("expected magic"), e.getMessage());
        }
    }

    @Test
    void aQueueKeepsItsRollCycle() {
        write(1);
        QueueException e = assertThrows(QueueException.class, () -> MessageQueue.open(uri() + "?rollCycle=hourly"));
        assertTrue(e.getMessage().contains("hourly") && e.getMessage().contains("daily"), e.getMessage());
        assertEquals(1, readAll().size());
    }
}
