package io.jipc.mq;

import java.nio.file.Path;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;

/** Appends to and tails a Chronicle queue in {@code args[0]}: fails unless the JVM got Chronicle's options. */
public final class ChronicleChild {
    private ChronicleChild() {
    }

    public static void main(String[] args) {
        try (ChronicleQueue queue = ChronicleQueue.singleBuilder(Path.of(args[0])).build()) {
            ExcerptAppender appender = queue.createAppender();
            appender.writeText("hello from " + ProcessHandle.current().pid());
            ExcerptTailer tailer = queue.createTailer();
            String text = tailer.readText();
            if (text == null || !text.startsWith("hello from")) {
                throw new IllegalStateException("read back " + text);
            }
        }
    }
}
