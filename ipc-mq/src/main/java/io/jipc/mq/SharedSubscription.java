package io.jipc.mq;

import java.util.function.Consumer;
import java.util.function.Function;

import net.openhft.chronicle.wire.DocumentContext;

/**
 * A member of a consumer group ({@link GroupState}): the members, in any number of processes, share one claim cursor,
 * so each message goes to one member; a member's "claimed but not done" run is redelivered by whoever finds the
 * member dead (its slot's record lock free). Checking for dead members costs a {@code fcntl} per occupied slot, so
 * it runs when this member finds nothing to claim, at most every {@value #RECOVERY_CHECK_MILLIS} ms.
 *
 * @param <T> what handlers receive
 */
final class SharedSubscription<T> extends AbstractReader<T> implements Subscription<T> {

    static final long RECOVERY_CHECK_MILLIS = 100;
    private static final long UNKNOWN = Long.MIN_VALUE;
    private static final int SPINS_BETWEEN_HOLDER_CHECKS = 1 << 12;

    private final String name;
    private final GroupState group;
    private final int slot;
    private long positionedAfter = UNKNOWN;
    private long acknowledged = Positions.NONE;
    private long nextRecoveryCheck = System.nanoTime();

    SharedSubscription(QueueStore store, String name, From from, Function<QueueMessage, T> decoder) {
        super(store, decoder);
        this.name = name;
        GroupState state = null;
        try {
            store.requireWritable("join group '" + name + "' (it records its claims)");
            state = new GroupState(store, name, Positions.resolve(store, from),
                from.kind() == From.Kind.END ? store.queue.lastIndex() : Positions.NONE);
            int taken = -1;
            for (int s = 0; s < GroupState.SLOTS && taken < 0; s++) {
                if (state.lockSlot(s) == StateFile.Lock.ACQUIRED) {
                    taken = s;
                }
            }
            if (taken < 0) {
                throw new QueueException(store.endpoint, "group '" + name + "' already has " + GroupState.SLOTS + " live members");
            }
            if (state.claimLockHolder() == taken) {
                state.repairClaimLock(taken);
            }
            state.own(taken);
            this.slot = taken;
        } catch (RuntimeException e) {
            if (state != null) {
                state.close();
            }
            tailer.close();
            throw e;
        }
        this.group = state;
    }

    @Override
    String describe() {
        return "group '" + name + "' (member slot " + slot + ")";
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int poll(Consumer<? super T> handler, int limit) {
        return poll(handler, limit, 1);
    }

    @Override
    public int pollBatch(Consumer<? super T> handler, int limit) {
        return poll(handler, limit, limit);
    }

    private int poll(Consumer<? super T> handler, int limit, int run) {
        checkOpen();
        int handled = redeliver(slot, handler, limit);
        while (handled < limit) {
            int n = run == 1 ? claimOne(handler) : claimRun(handler, Math.min(run, limit - handled));
            if (n < 0) {
                continue;
            }
            if (n == 0) {
                break;
            }
            handled += n;
        }
        if (handled < limit && System.nanoTime() - nextRecoveryCheck >= 0) {
            nextRecoveryCheck = System.nanoTime() + RECOVERY_CHECK_MILLIS * 1_000_000;
            handled += adoptDeadMembers(handler, limit - handled);
        }
        return handled;
    }

    /** @return 1 when a message was claimed and handled, 0 when none waits, -1 when another member won it */
    private int claimOne(Consumer<? super T> handler) {
        long claimed = group.claimed();
        positionAfter(claimed);
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
                return 0;
            }
            long index = dc.index();
            if (!claim(claimed, index, index)) {
                dc.rollbackOnClose();
                positionedAfter = UNKNOWN;
                return -1;
            }
            positionedAfter = index;
            boolean delivered;
            try {
                delivered = deliver(dc, handler);
            } catch (RuntimeException | Error e) {
                positionedAfter = UNKNOWN;
                throw e;
            }
            group.finishRun(slot);
            acknowledged = index;
            return delivered ? 1 : 0;
        }
    }

    /** Claims up to {@code max} messages at once, then handles them. @return as {@link #claimOne} */
    private int claimRun(Consumer<? super T> handler, int max) {
        long claimed = group.claimed();
        positionAfter(claimed);
        long first = Positions.NONE;
        long last = Positions.NONE;
        for (int n = 0; n < max; n++) {
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    break;
                }
                if (first == Positions.NONE) {
                    first = dc.index();
                }
                last = dc.index();
            }
        }
        positionedAfter = UNKNOWN;
        if (first == Positions.NONE) {
            return 0;
        }
        if (!claim(claimed, first, last)) {
            return -1;
        }
        int handled = redeliver(slot, handler, max);
        positionedAfter = last;
        return handled;
    }

    /** Claims {@code [first, last]} if "claimed" is still {@code expected}; records the run in this member's slot. */
    private boolean claim(long expected, long first, long last) {
        lockClaims();
        try {
            if (group.claimed() != expected) {
                return false;
            }
            group.startRun(slot, first, last);
            group.claimed(last);
            return true;
        } finally {
            group.unlockClaims();
        }
    }

    private void lockClaims() {
        int spins = 0;
        while (!group.tryLockClaims(slot)) {
            if (++spins % SPINS_BETWEEN_HOLDER_CHECKS == 0) {
                int holder = group.claimLockHolder();
                if (holder >= 0 && holder != slot && group.lockSlot(holder) == StateFile.Lock.ACQUIRED) {
                    try {
                        group.repairClaimLock(holder);
                    } finally {
                        group.unlockSlot(holder);
                    }
                }
            }
            Thread.yield();
        }
    }

    /** Positions the tailer so that the next read is the message after {@code claimed}. */
    private void positionAfter(long claimed) {
        if (positionedAfter == claimed && claimed != UNKNOWN) {
            return;
        }
        if (claimed == Positions.NONE) {
            long start = group.start();
            if (start == Positions.NONE) {
                tailer.toStart();
            } else {
                Positions.moveToIndex(store, tailer, start, describe() + " starting at");
            }
        } else {
            Positions.moveAfter(store, tailer, claimed, describe() + " reading after the claimed message");
        }
        positionedAfter = claimed;
    }

    /** Hands slot {@code s}'s claimed-but-not-done run (up to {@code limit} of it) to the handler. */
    private int redeliver(int s, Consumer<? super T> handler, int limit) {
        long from = group.from(s);
        if (from == Positions.NONE || limit <= 0) {
            return 0;
        }
        long to = group.to(s);
        long done = group.done(s);
        positionedAfter = UNKNOWN;
        if (done == Positions.NONE) {
            Positions.moveToIndex(store, tailer, from, describe() + " redelivering from");
        } else {
            Positions.moveAfter(store, tailer, done, describe() + " redelivering after");
        }
        int handled = 0;
        while (handled < limit) {
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent() || dc.index() > to) {
                    if (dc.isPresent()) {
                        dc.rollbackOnClose();
                    }
                    group.finishRun(s);
                    break;
                }
                long index = dc.index();
                if (deliver(dc, handler)) {
                    handled++;
                }
                acknowledged = index;
                if (index == to) {
                    group.finishRun(s);
                    break;
                }
                group.done(s, index);
            }
        }
        return handled;
    }

    /** Finds members that died (their slot's lock is free) and redelivers their runs. */
    private int adoptDeadMembers(Consumer<? super T> handler, int limit) {
        int handled = 0;
        for (int s = 0; s < GroupState.SLOTS && handled < limit; s++) {
            if (s == slot || group.ownerPid(s) == 0 || group.lockSlot(s) != StateFile.Lock.ACQUIRED) {
                continue;
            }
            try {
                if (group.claimLockHolder() == s) {
                    group.repairClaimLock(s);
                }
                handled += redeliver(s, handler, limit - handled);
                if (group.from(s) == Positions.NONE) {
                    group.free(s);
                }
            } finally {
                group.unlockSlot(s);
            }
        }
        return handled;
    }

    @Override
    public boolean isReady() {
        if (closed || group.from(slot) != Positions.NONE) {
            return true;
        }
        positionAfter(group.claimed());
        return super.isReady();
    }

    @Override
    public long acknowledgedIndex() {
        return acknowledged;
    }

    @Override
    void release() {
        if (group.from(slot) == Positions.NONE) {
            group.free(slot);
        }
        group.unlockSlot(slot);
        group.close();
    }
}
