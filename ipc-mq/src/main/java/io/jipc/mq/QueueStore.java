package io.jipc.mq;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

import io.jipc.Endpoint;

/**
 * One open Chronicle queue directory: checked before Chronicle opens it ({@link QueueDirectory#validate}), opened
 * read-only when the directory cannot be written, with the roll cycle it was created with. Shared by the
 * {@link MessageQueue}, its readers and the {@code mq:} channel; thread-safe (each reader has its own tailer).
 */
final class QueueStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueueStore.class);

    final Endpoint endpoint;
    final MqSettings settings;
    final QueueDirectory directory;
    final SingleChronicleQueue queue;
    final boolean readOnly;

    private QueueStore(Endpoint endpoint, MqSettings settings, QueueDirectory directory, SingleChronicleQueue queue,
        boolean readOnly) {
        this.endpoint = endpoint;
        this.settings = settings;
        this.directory = directory;
        this.queue = queue;
        this.readOnly = readOnly;
    }

    /**
     * Opens (creating when absent) the queue of an endpoint whose parameters were checked.
     *
     * @throws QueueException and its subclasses naming what failed
     */
    static QueueStore open(Endpoint endpoint, MqSettings settings) {
        ChronicleSetup.ensure(endpoint);
        Path path = settings.directory();
        QueueDirectory directory = new QueueDirectory(endpoint, path);
        if (!Files.isDirectory(path)) {
            try {
                Files.createDirectories(path);
            } catch (IOException e) {
                if (Files.exists(path)) {
                    throw new QueueException(endpoint, path + " exists and is not a directory");
                }
                throw new ReadOnlyQueueException(endpoint, "cannot create the queue directory " + path + ": " + e);
            }
        }
        directory.validate(null);
        checkCycleNames(endpoint, directory);
        boolean readOnly = !directory.writable();
        if (readOnly && !Files.exists(path.resolve(QueueDirectory.METADATA_FILE))) {
            throw new ReadOnlyQueueException(endpoint, "the queue directory " + path + " is read-only and holds no queue");
        }
        SingleChronicleQueueBuilder builder = SingleChronicleQueueBuilder.single(path.toFile()).readOnly(readOnly);
        if (settings.rollCycle() != null) {
            builder.rollCycle(settings.rollCycle());
        } else if (!Files.exists(path.resolve(QueueDirectory.METADATA_FILE))) {
            builder.rollCycle(MqSettings.DEFAULT_ROLL_CYCLE);
        }
        SingleChronicleQueue queue;
        try {
            queue = builder.build();
        } catch (RuntimeException e) {
            throw new QueueException(endpoint, "Chronicle cannot open " + path + ": " + e, e);
        }
        RollCycle actual = queue.rollCycle();
        if (settings.rollCycle() != null && !settings.rollCycle().format().equals(actual.format())) {
            queue.close();
            throw new QueueException(endpoint, "rollCycle=" + MqSettings.nameOf(settings.rollCycle()) + " asked, but the queue in "
                + path + " was created with " + MqSettings.nameOf(actual) + " (a queue keeps its roll cycle)");
        }
        try {
            directory.validate(actual);
        } catch (RuntimeException e) {
            queue.close();
            throw e;
        }
        if (readOnly) {
            LOG.info("{}: the directory is read-only; the queue can be replayed, not appended to", endpoint);
        }
        return new QueueStore(endpoint, settings, directory, queue, readOnly);
    }

    /** Refuses a {@code .cq4} file whose name is no roll cycle's before Chronicle fails on it with a parse error. */
    private static void checkCycleNames(Endpoint endpoint, QueueDirectory directory) {
        try (var files = Files.newDirectoryStream(directory.path(), "*" + QueueDirectory.CYCLE_SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                boolean known = MqSettings.ROLL_CYCLES.values().stream()
                    .anyMatch(roll -> QueueDirectory.namePattern(roll).matcher(name).matches());
                if (!known) {
                    throw new CorruptQueueException(endpoint, "foreign file " + file + " in the queue directory: its name is"
                        + " not a cycle file's (like 20261127F.cq4); nothing was changed: move it out of the directory");
                }
            }
        } catch (IOException e) {
            throw new QueueException(endpoint, "cannot list " + directory.path() + ": " + e.getMessage(), e);
        }
    }

    /** @return a new tailer at the start of the queue; confined to one thread */
    ExcerptTailer tailer() {
        return queue.createTailer();
    }

    /** @return the queue's roll cycle */
    RollCycle rollCycle() {
        return queue.rollCycle();
    }

    /** @throws ReadOnlyQueueException when the directory is read-only */
    void requireWritable(String what) {
        if (readOnly) {
            throw new ReadOnlyQueueException(endpoint, "cannot " + what + ": the queue directory " + directory.path()
                + " is read-only");
        }
    }

    @Override
    public void close() {
        queue.close();
    }
}
