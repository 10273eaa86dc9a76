package io.jipc.benchmarks;

import java.nio.file.Path;

import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The mq benchmark's raw floor: two bare Chronicle queues ({@code to-child}, {@code to-parent}) in a directory, a
 * plain appender writing each 32-byte message as the whole document and a plain (unnamed) tailer reading it: no
 * header, no checksum, no connection ids, no liveness. {@link BenchMessages#STOP} ends the child.
 */
final class RawChronicle implements AutoCloseable {

    private final SingleChronicleQueue outQueue;
    private final SingleChronicleQueue inQueue;
    private final ExcerptAppender out;
    private final ExcerptTailer in;

    private RawChronicle(Path outDir, Path inDir) {
        outQueue = SingleChronicleQueueBuilder.single(outDir.toFile()).build();
        inQueue = SingleChronicleQueueBuilder.single(inDir.toFile()).build();
        out = outQueue.createAppender();
        in = inQueue.createTailer();
    }

    /** The parent's side: writes to-child, reads to-parent. */
    static RawChronicle parent(Path dir) {
        return new RawChronicle(dir.resolve("to-child"), dir.resolve("to-parent"));
    }

    /** The child's side. */
    static RawChronicle child(Path dir) {
        return new RawChronicle(dir.resolve("to-parent"), dir.resolve("to-child"));
    }

    /** Appends one message. */
    void write(byte[] message) {
        try (DocumentContext dc = out.writingDocument()) {
            dc.wire().bytes().write(message, 0, message.length);
        }
    }

    /**
     * Reads one message into {@code into}, if one is there.
     *
     * @return true when one was read
     */
    boolean read(byte[] into) {
        try (DocumentContext dc = in.readingDocument()) {
            if (!dc.isPresent()) {
                return false;
            }
            dc.wire().bytes().read(into, 0, into.length);
            return true;
        }
    }

    @Override
    public void close() {
        out.close();
        in.close();
        outQueue.close();
        inQueue.close();
    }
}
