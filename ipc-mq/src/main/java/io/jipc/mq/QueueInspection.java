package io.jipc.mq;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;

import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

import io.jipc.Endpoint;

/**
 * Looks at a queue directory from outside, the way {@code jipc stat} does: its first and last index, how many
 * messages it holds, each durable subscription's position and lag, and each consumer group's cursor and members.
 * Subscription and group state files are read, never mapped, locked or written. Counts are Chronicle's
 * ({@code countExcerpts}: a look at each cycle's index, not a read of every message). Thread-safe.
 */
public final class QueueInspection {

    /** A count that could not be made (a position in a cycle file that retention or a hand deleted). */
    public static final long UNKNOWN = -1;

    private QueueInspection() {
    }

    /**
     * A durable subscription's state.
     *
     * @param name         the subscription's name
     * @param acknowledged the last index it acknowledged, or -1 before the first
     * @param lag          messages after its position that it has not acknowledged yet, or {@link #UNKNOWN}
     * @param ownerPid     the process that owns it now or owned it last (0 when none ever did)
     * @param ownerAlive   whether that process still runs (same pid and start time)
     */
    public record SubscriptionState(String name, long acknowledged, long lag, long ownerPid, boolean ownerAlive) {
    }

    /**
     * A consumer group's state (competing consumers: each message goes to one member).
     *
     * @param name      the group's name
     * @param claimed   the last index a member claimed, or -1 before the first
     * @param unclaimed messages after the claim cursor, not yet taken by any member, or {@link #UNKNOWN}
     * @param members   its members, live or dead, by slot
     */
    public record ConsumerGroupState(String name, long claimed, long unclaimed, List<MemberState> members) {

        /** @return messages claimed by members and not yet done (a dead member's are redelivered), or {@link #UNKNOWN} */
        public long inFlight() {
            long total = 0;
            for (MemberState member : members) {
                if (member.pending() == UNKNOWN) {
                    return UNKNOWN;
                }
                total += member.pending();
            }
            return total;
        }
    }

    /**
     * One member of a group.
     *
     * @param slot    its slot in the group's record
     * @param pid     its process
     * @param alive   whether that process still runs (a dead member's run goes to the next member that looks)
     * @param runFrom the first index of the run it claimed and has not finished, or -1 when it has none
     * @param runTo   the last index of that run, or -1
     * @param pending messages of that run not done yet, or {@link #UNKNOWN}
     */
    public record MemberState(int slot, long pid, boolean alive, long runFrom, long runTo, long pending) {
    }

    /**
     * A queue's state.
     *
     * @param directory     the queue's directory
     * @param firstIndex    the oldest message kept, or -1 when empty
     * @param lastIndex     the newest message, or -1 when empty
     * @param messages      how many messages it keeps (first to last), or {@link #UNKNOWN}
     * @param subscriptions its durable subscriptions, by name
     * @param groups        its consumer groups ({@code subscribeShared}), by name
     */
    public record QueueState(Path directory, long firstIndex, long lastIndex, long messages,
        List<SubscriptionState> subscriptions, List<ConsumerGroupState> groups) {
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
            Counter counter = new Counter(queue.store().queue, queue.firstIndex(), queue.lastIndex());
            Path state = directory.resolve(QueueDirectory.STATE_DIRECTORY);
            return new QueueState(directory, counter.first, counter.last, counter.from(counter.first),
                subscriptions(state.resolve(DurableSubscription.DIRECTORY), counter),
                groups(state.resolve(GroupState.DIRECTORY), counter));
        }
    }

    private static List<SubscriptionState> subscriptions(Path dir, Counter counter) {
        List<SubscriptionState> list = new ArrayList<>();
        for (Path file : files(dir, DurableSubscription.SUFFIX)) {
            UnsafeBuffer state = read(file, DurableSubscription.LENGTH);
            if (state == null || state.getInt(0) != DurableSubscription.MAGIC) {
                continue;
            }
            long pid = state.getLong(DurableSubscription.OWNER_PID_OFFSET);
            long start = state.getLong(DurableSubscription.OWNER_START_OFFSET);
            boolean alive = pid != 0 && Processes.find(pid, start) != null;
            long acknowledged = state.getLong(DurableSubscription.ACKNOWLEDGED_OFFSET);
            long lag = acknowledged != Positions.NONE ? counter.after(acknowledged)
                : counter.from(state.getLong(DurableSubscription.START_OFFSET));
            list.add(new SubscriptionState(name(file, DurableSubscription.SUFFIX), acknowledged, lag, pid, alive));
        }
        return list;
    }

    private static List<ConsumerGroupState> groups(Path dir, Counter counter) {
        List<ConsumerGroupState> list = new ArrayList<>();
        for (Path file : files(dir, GroupState.SUFFIX)) {
            UnsafeBuffer state = read(file, GroupState.LENGTH);
            if (state == null || state.getInt(0) != GroupState.MAGIC) {
                continue;
            }
            long claimed = state.getLong(GroupState.CLAIMED_OFFSET);
            long unclaimed = claimed != Positions.NONE ? counter.after(claimed)
                : counter.from(state.getLong(GroupState.START_OFFSET));
            List<MemberState> members = new ArrayList<>();
            for (int s = 0; s < GroupState.SLOTS; s++) {
                int slot = GroupState.slot(s);
                long pid = state.getLong(slot + GroupState.OWNER_PID);
                if (pid == 0) {
                    continue;
                }
                boolean alive = Processes.find(pid, state.getLong(slot + GroupState.OWNER_START)) != null;
                long from = state.getLong(slot + GroupState.FROM);
                long to = state.getLong(slot + GroupState.TO);
                long done = state.getLong(slot + GroupState.DONE);
                long pending = from == Positions.NONE ? 0 : done == Positions.NONE ? counter.between(from, to)
                    : counter.between(done, to) - 1;
                members.add(new MemberState(s, pid, alive, from, from == Positions.NONE ? Positions.NONE : to,
                    pending < 0 ? UNKNOWN : pending));
            }
            list.add(new ConsumerGroupState(name(file, GroupState.SUFFIX), claimed, unclaimed, members));
        }
        return list;
    }

    /** Counts messages between indexes of one open queue, with Chronicle's per-cycle index counts. */
    private static final class Counter {
        private final SingleChronicleQueue queue;
        private final long first;
        private final long last;

        Counter(SingleChronicleQueue queue, long first, long last) {
            this.queue = queue;
            this.first = first;
            this.last = last;
        }

        /** @return messages from {@code index} (inclusive; -1: the queue's start) to the last */
        long from(long index) {
            if (last < 0 || index > last) {
                return 0;
            }
            return between(index == Positions.NONE || index < first ? first : index, last);
        }

        /** @return messages after {@code index} up to the last */
        long after(long index) {
            if (last < 0 || index >= last) {
                return 0;
            }
            return index < first ? between(first, last) : between(index, last) - 1;
        }

        /** @return messages from {@code from} to {@code to}, both inclusive, or {@link #UNKNOWN} */
        long between(long from, long to) {
            if (to < from) {
                return 0;
            }
            try {
                return queue.countExcerpts(from, to) + 1;
            } catch (RuntimeException e) {
                return UNKNOWN; // a cycle between them is gone
            }
        }
    }

    private static List<Path> files(Path dir, String suffix) {
        List<Path> list = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return list;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + suffix)) {
            files.forEach(list::add);
        } catch (IOException e) {
            throw new QueueException(null, "cannot list " + dir + ": " + e.getMessage(), e);
        }
        list.sort(Comparator.comparing(Path::toString));
        return list;
    }

    private static String name(Path file, String suffix) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - suffix.length());
    }

    /**
     * @return the file's first {@code length} bytes, or null when it is shorter (being created)
     * @throws QueueException when it cannot be read
     */
    private static UnsafeBuffer read(Path file, int length) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer bytes = ByteBuffer.allocate(length);
            while (bytes.hasRemaining() && channel.read(bytes) > 0) {
                // a read may return fewer bytes
            }
            return bytes.hasRemaining() ? null : new UnsafeBuffer(bytes.array());
        } catch (IOException e) {
            throw new QueueException(null, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
