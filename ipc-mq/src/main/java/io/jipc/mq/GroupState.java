package io.jipc.mq;

import java.nio.file.Path;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * The shared record of a consumer group, {@code <queue>/jipc/groups/<name>.group}, mapped by every member:
 * <pre>
 *   0        4         8                    16                  24              64
 *   | magic  | version | claim lock         | claimed            | start         | reserved ...
 *   | JQGR   |    1    | 0 or holder slot+1 | last claimed index | index or -1   |
 *   +--------+---------+--------------------+--------------------+---------------+
 *   64 + 64 * s, for each member slot s of {@value #SLOTS}:
 *   +0 owner pid (0: free) | +8 owner start ticks  | +16 from | +24 to | +32 done | +40 reserved
 * </pre>
 * A member claims the next message (or a run of them) by moving "claimed" while it holds the claim lock, and writes
 * the run into its slot's from/to under the same lock: its "claimed but not done" record. As each message of the
 * run is done, "done" moves to it; "from" becomes -1 when the whole run is done. A member holds a kernel record lock on its slot's 64 bytes for as
 * long as it lives: a slot whose owner pid is set but whose lock can be taken belongs to a dead member, and the
 * member that takes the lock redelivers that slot's run. The claim lock names its holder's slot, so a holder that
 * died inside it is found the same way.
 */
final class GroupState implements AutoCloseable {

    static final int MAGIC = 0x5247514A;
    static final int VERSION = 1;
    static final int CLAIM_LOCK_OFFSET = 8;
    static final int CLAIMED_OFFSET = 16;
    static final int START_OFFSET = 24;
    static final int SLOTS_OFFSET = 64;
    static final int SLOT_LENGTH = 64;
    static final int SLOTS = 64;
    static final int OWNER_PID = 0;
    static final int OWNER_START = 8;
    static final int FROM = 16;
    static final int TO = 24;
    static final int DONE = 32;
    static final int LENGTH = SLOTS_OFFSET + SLOTS * SLOT_LENGTH;
    static final String DIRECTORY = "groups";
    static final String SUFFIX = ".group";

    final StateFile file;
    final UnsafeBuffer buffer;

    GroupState(QueueStore store, String name, long start, long claimed) {
        this.file = StateFile.open(store.endpoint, file(store, name), LENGTH, MAGIC, VERSION,
            "state file of group '" + name + "'", b -> {
                b.putLong(CLAIMED_OFFSET, claimed);
                b.putLong(START_OFFSET, start);
                for (int s = 0; s < SLOTS; s++) {
                    b.putLong(slot(s) + FROM, Positions.NONE);
                    b.putLong(slot(s) + TO, Positions.NONE);
                    b.putLong(slot(s) + DONE, Positions.NONE);
                }
            });
        this.buffer = file.buffer();
    }

    static Path file(QueueStore store, String name) {
        return store.directory.stateDirectory().resolve(DIRECTORY).resolve(name + SUFFIX);
    }

    static int slot(int s) {
        return SLOTS_OFFSET + s * SLOT_LENGTH;
    }

    /** Takes the record lock of slot {@code s}. */
    StateFile.Lock lockSlot(int s) {
        return file.tryLock(slot(s), SLOT_LENGTH);
    }

    void unlockSlot(int s) {
        file.unlock(slot(s));
    }

    /** Marks slot {@code s} as this process's. */
    void own(int s) {
        buffer.putLong(slot(s) + OWNER_START, Processes.selfStart());
        buffer.putLongVolatile(slot(s) + OWNER_PID, Processes.selfPid());
    }

    /** Frees slot {@code s} (its run must be done). */
    void free(int s) {
        finishRun(s);
        buffer.putLongVolatile(slot(s) + OWNER_PID, 0);
    }

    /** Records a claimed run; called under the claim lock. */
    void startRun(int s, long from, long to) {
        buffer.putLongOrdered(slot(s) + DONE, Positions.NONE);
        buffer.putLongOrdered(slot(s) + TO, to);
        buffer.putLongVolatile(slot(s) + FROM, from);
    }

    /** Records that the message at {@code index} of slot {@code s}'s run is done. */
    void done(int s, long index) {
        buffer.putLongOrdered(slot(s) + DONE, index);
    }

    /** Records that slot {@code s}'s whole run is done. */
    void finishRun(int s) {
        buffer.putLongVolatile(slot(s) + FROM, Positions.NONE);
        buffer.putLongOrdered(slot(s) + TO, Positions.NONE);
        buffer.putLongOrdered(slot(s) + DONE, Positions.NONE);
    }

    long done(int s) {
        return buffer.getLongVolatile(slot(s) + DONE);
    }

    /** Tries to take the claim lock for slot {@code s}. */
    boolean tryLockClaims(int s) {
        return buffer.compareAndSetLong(CLAIM_LOCK_OFFSET, 0, s + 1L);
    }

    /** @return the slot holding the claim lock, or -1 */
    int claimLockHolder() {
        return (int) buffer.getLongVolatile(CLAIM_LOCK_OFFSET) - 1;
    }

    void unlockClaims() {
        buffer.putLongVolatile(CLAIM_LOCK_OFFSET, 0);
    }

    /** Moves "claimed"; called under the claim lock. */
    void claimed(long index) {
        buffer.putLongVolatile(CLAIMED_OFFSET, index);
    }

    /**
     * Repairs what the dead holder of the claim lock, slot {@code s} (whose record lock the caller holds), left: a
     * run it wrote but never made visible in "claimed" was not claimed; then frees the claim lock.
     */
    void repairClaimLock(int s) {
        long from = from(s);
        long claimed = claimed();
        if (from != Positions.NONE && (claimed == Positions.NONE || claimed < to(s))) {
            finishRun(s);
        }
        buffer.compareAndSetLong(CLAIM_LOCK_OFFSET, s + 1L, 0);
    }

    long from(int s) {
        return buffer.getLongVolatile(slot(s) + FROM);
    }

    long to(int s) {
        return buffer.getLongVolatile(slot(s) + TO);
    }

    long ownerPid(int s) {
        return buffer.getLongVolatile(slot(s) + OWNER_PID);
    }

    long claimed() {
        return buffer.getLongVolatile(CLAIMED_OFFSET);
    }

    long start() {
        return buffer.getLongVolatile(START_OFFSET);
    }

    /** @return the oldest index the group still needs, {@link Long#MIN_VALUE} for everything */
    static long needed(UnsafeBuffer b) {
        long claimed = b.getLongVolatile(CLAIMED_OFFSET);
        long needed = claimed != Positions.NONE ? claimed : b.getLongVolatile(START_OFFSET);
        if (needed == Positions.NONE) {
            return Long.MIN_VALUE;
        }
        for (int s = 0; s < SLOTS; s++) {
            long from = b.getLongVolatile(slot(s) + FROM);
            if (from != Positions.NONE && from < needed) {
                needed = from;
            }
        }
        return needed;
    }

    @Override
    public void close() {
        file.close();
    }
}
