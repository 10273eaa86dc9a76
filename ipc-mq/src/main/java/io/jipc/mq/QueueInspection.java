package io.jipc.mq;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;

import io.jipc.Endpoint;

/**
 * Looks at a queue directory from outside, the way {@code jipc stat} does: its first and last index and each durable
 * subscription's position and owner. Subscription state files are read, never mapped, locked or written.
 * Thread-safe.
 */
public final class QueueInspection {

    private QueueInspection() {
    }

    /**
     * A durable subscription's state.
     *
     * @param name         the subscription's name
     * @param acknowledged the last index it acknowledged, or -1 before the first
     * @param ownerPid     the process that owns it now or owned it last (0 when none ever did)
     * @param ownerAlive   whether that process still runs (same pid and start time)
     */
    public record SubscriptionState(String name, long acknowledged, long ownerPid, boolean ownerAlive) {
    }

    /**
     * A queue's state.
     *
     * @param directory     the queue's directory
     * @param firstIndex    the oldest message kept, or -1 when empty
     * @param lastIndex     the newest message, or -1 when empty
     * @param subscriptions its durable subscriptions, by name
     */
    public record QueueState(Path directory, long firstIndex, long lastIndex, List<SubscriptionState> subscriptions) {
    }

    /** @return true when {@code dir} holds a queue (Chronicle's metadata file is there) */
    public static boolean isQueue(Path dir) {
        return Files.isRegularFile(dir.resolve(QueueDirectory.METADATA_FILE));
    }

    /**
     * @throws QueueException when {@code dir} holds no queue or it cannot be opened (the JVM lacks Chronicle's options)
     */
    public static QueueState describe(Path dir) {
        Path directory = dir.toAbsolutePath().normalize();
        if (!isQueue(directory)) {
            throw new QueueException(null, directory + " holds no queue (no " + QueueDirectory.METADATA_FILE + ")");
        }
        try (MessageQueue queue = MessageQueue.open(new Endpoint("mq", directory.toString(), java.util.Map.of()))) {
            return new QueueState(directory, queue.firstIndex(), queue.lastIndex(), subscriptions(directory));
        }
    }

    private static List<SubscriptionState> subscriptions(Path queue) {
        Path dir = queue.resolve(QueueDirectory.STATE_DIRECTORY).resolve(DurableSubscription.DIRECTORY);
        List<SubscriptionState> list = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return list;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + DurableSubscription.SUFFIX)) {
            for (Path file : files) {
                UnsafeBuffer state = read(file);
                if (state == null || state.getInt(0) != DurableSubscription.MAGIC) {
                    continue;
                }
                String name = file.getFileName().toString();
                long pid = state.getLong(DurableSubscription.OWNER_PID_OFFSET);
                long start = state.getLong(DurableSubscription.OWNER_START_OFFSET);
                boolean alive = pid != 0 && Processes.find(pid, start) != null;
                list.add(new SubscriptionState(name.substring(0, name.length() - DurableSubscription.SUFFIX.length()),
                    state.getLong(DurableSubscription.ACKNOWLEDGED_OFFSET), pid, alive));
            }
        } catch (IOException e) {
            throw new QueueException(null, "cannot list " + dir + ": " + e.getMessage(), e);
        }
        list.sort((a, b) -> a.name().compareTo(b.name()));
        return list;
    }

    private static UnsafeBuffer read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer bytes = ByteBuffer.allocate(DurableSubscription.LENGTH);
            while (bytes.hasRemaining() && channel.read(bytes) > 0) {
                // a read may return fewer bytes
            }
            return bytes.hasRemaining() ? null : new UnsafeBuffer(bytes.array());
        }
    }
}
