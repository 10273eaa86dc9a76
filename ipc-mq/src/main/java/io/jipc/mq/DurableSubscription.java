package io.jipc.mq;

import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Function;

import org.agrona.concurrent.UnsafeBuffer;

import net.openhft.chronicle.wire.DocumentContext;


/**
 * A subscription of its own: every message, in order, one owning process at a time. Its position lives in a state
 * file (below); the owner holds a kernel record lock on it, so a second process is refused with the
 * owner's pid, and a killed owner's lock goes with it.
 * <p>
 * The state file, {@code <queue>/jipc/subscriptions/<name>.sub}:
 * <pre>
 *   0        4         8                16              24            32                  40        48
 *   | magic  | version | acknowledged   | start          | owner pid   | owner start ticks  | reserved |
 *   | JQSB   |    1    | index or -1    | index or -1    |             |                    |          |
 * </pre>
 * "acknowledged" is the last message acknowledged; "start" is where a subscription that acknowledged nothing yet
 * begins (-1: the queue's start). Bytes 0 to 48 carry the owner's record lock.
 *
 * @param <T> what handlers receive
 */
final class DurableSubscription<T> extends AbstractReader<T> implements Subscription<T> {

    static final int MAGIC = 0x4253514A;
    static final int VERSION = 1;
    static final int ACKNOWLEDGED_OFFSET = 8;
    static final int START_OFFSET = 16;
    static final int OWNER_PID_OFFSET = 24;
    static final int OWNER_START_OFFSET = 32;
    static final int LENGTH = 48;
    static final String DIRECTORY = "subscriptions";
    static final String SUFFIX = ".sub";

    private final String name;
    private final StateFile state;
    private final UnsafeBuffer position;

    DurableSubscription(QueueStore store, String name, From from, Function<QueueMessage, T> decoder) {
        super(store, decoder);
        this.name = name;
        StateFile file;
        try {
            store.requireWritable("subscribe '" + name + "' (it records its position)");
            file = StateFile.open(store.endpoint, file(store, name), LENGTH, MAGIC, VERSION,
                "state file of subscription '" + name + "'", buffer -> {
                    buffer.putLong(START_OFFSET, Positions.resolve(store, from));
                    buffer.putLong(ACKNOWLEDGED_OFFSET, from.kind() == From.Kind.END ? store.queue.lastIndex() : Positions.NONE);
                });
        } catch (RuntimeException e) {
            tailer.close();
            throw e;
        }
        try {
            StateFile.Lock lock = file.tryLock(0, LENGTH);
            if (lock != StateFile.Lock.ACQUIRED) {
                long pid = file.buffer().getLongVolatile(OWNER_PID_OFFSET);
                throw new SubscriptionOwnedException(store.endpoint, "subscription '" + name + "' is owned by "
                    + (lock == StateFile.Lock.HELD_IN_THIS_PROCESS ? "this process (" + pid + ")" : "process " + pid)
                    + "; one process at a time reads a subscription (use subscribeShared to share the messages)", pid);
            }
            file.buffer().putLong(OWNER_START_OFFSET, Processes.selfStart());
            file.buffer().putLongVolatile(OWNER_PID_OFFSET, Processes.selfPid());
            long acknowledged = file.buffer().getLongVolatile(ACKNOWLEDGED_OFFSET);
            long start = file.buffer().getLongVolatile(START_OFFSET);
            String why = "subscription '" + name + "' resuming after";
            if (acknowledged != Positions.NONE) {
                Positions.moveAfter(store, tailer, acknowledged, why);
            } else if (start != Positions.NONE) {
                Positions.moveToIndex(store, tailer, start, "subscription '" + name + "' starting at");
            } else {
                tailer.toStart();
            }
        } catch (RuntimeException e) {
            file.close();
            tailer.close();
            throw e;
        }
        this.state = file;
        this.position = file.buffer();
    }

    static Path file(QueueStore store, String name) {
        return store.directory.stateDirectory().resolve(DIRECTORY).resolve(name + SUFFIX);
    }

    @Override
    String describe() {
        return "subscription '" + name + "'";
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int poll(Consumer<? super T> handler, int limit) {
        checkOpen();
        int handled = 0;
        while (handled < limit) {
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    break;
                }
                if (deliver(dc, handler)) {
                    position.putLongOrdered(ACKNOWLEDGED_OFFSET, lastIndex);
                    handled++;
                }
            }
        }
        return handled;
    }

    @Override
    public int pollBatch(Consumer<? super T> handler, int limit) {
        checkOpen();
        int handled = 0;
        long before = lastIndex;
        try {
            while (handled < limit) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        break;
                    }
                    if (deliver(dc, handler)) {
                        handled++;
                    }
                }
            }
        } finally {
            if (lastIndex != before) {
                position.putLongOrdered(ACKNOWLEDGED_OFFSET, lastIndex);
            }
        }
        return handled;
    }

    @Override
    public long acknowledgedIndex() {
        return position.getLongVolatile(ACKNOWLEDGED_OFFSET);
    }

    @Override
    void release() {
        position.putLongOrdered(OWNER_PID_OFFSET, 0);
        state.unlock(0);
        state.close();
    }

    /** @return the oldest index this subscription still needs, {@link Long#MIN_VALUE} for everything */
    static long needed(UnsafeBuffer state) {
        long acknowledged = state.getLongVolatile(ACKNOWLEDGED_OFFSET);
        if (acknowledged != Positions.NONE) {
            return acknowledged;
        }
        long start = state.getLongVolatile(START_OFFSET);
        return start != Positions.NONE ? start : Long.MIN_VALUE;
    }
}
