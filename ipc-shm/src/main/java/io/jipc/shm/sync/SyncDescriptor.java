package io.jipc.shm.sync;

import io.jipc.shm.file.FileHeader;

/**
 * The layout of a lock or semaphore file, in the machine's byte order, after the common header every jipc
 * shared-memory file starts with ({@link FileHeader}: magic and version checked first, kind lock or semaphore,
 * creator, length, pid namespace). Then every slot is one holder.
 * <pre>
 *   0                                                                  64
 *   +-------------------------------------------------------------------+
 *   | common header ({@link FileHeader}), kind 4 lock / 5 semaphore     |
 *   +---------+---------+-----------------------------------------------+
 *  64 | slots | stride  | reserved up to 128                            |
 *     +---------+---------+-----------------------------------------------+
 * 128 | claim: token of a waiter asking to go next, 0 when none   (own cache line)  |
 * 136 | recoveries: how many dead holders were cleared (statistics)                 |
 *     +-----------------------------------------------------------------------------+
 * 192 | slot 0: holder token | acquired at | padding to a cache line (64 bytes)     |
 * 256 | slot 1: holder token | acquired at | ...                                    |
 *     | ... slots - 1 (a lock has 1 slot, a semaphore one per permit)               |
 *     +-----------------------------------------------------------------------------+
 * </pre>
 * A slot holds {@link #FREE}, {@link #FREE_OWNER_DIED} or the owner token of the process holding it: pid in the
 * low 32 bits, the low 32 bits of its kernel start time in the high 32 (see {@link Owners}). "Acquired at" (8 bytes
 * after the token, in the same cache line) is the holder's {@code System.nanoTime()} when it took the slot, to about
 * 10 ms ({@link HoldClock}), written by the holder with an ordered store just after its compare-and-set; it means
 * nothing while the slot is free. On Linux {@code System.nanoTime()} is {@code CLOCK_MONOTONIC}: one clock for every
 * process of the machine, so any process can subtract it from its own. 0 means not recorded: files of this version made before the field existed
 * have 0 there (it was padding), and builds that predate it neither read nor write it.
 */
final class SyncDescriptor {

    /** Kind of a lock file. */
    static final FileHeader.Kind KIND_LOCK = FileHeader.Kind.LOCK;
    /** Kind of a semaphore file. */
    static final FileHeader.Kind KIND_SEMAPHORE = FileHeader.Kind.SEMAPHORE;

    static final int VERSION_OFFSET = FileHeader.VERSION_OFFSET;
    static final int SLOTS_OFFSET = FileHeader.COMMON_LENGTH;
    static final int STRIDE_OFFSET = SLOTS_OFFSET + 4;
    static final int CLAIM_OFFSET = 128;
    static final int RECOVERIES_OFFSET = 136;
    static final int HEADER_LENGTH = 192;
    static final int SLOT_STRIDE = 64;
    /** Where a slot's "acquired at" lies, from the slot's start. */
    static final int ACQUIRED_AT_IN_SLOT = 8;
    /** "Acquired at" not recorded. */
    static final long NOT_RECORDED = 0L;

    /** The most permits a semaphore may have (its file is then 64 KiB plus the header). */
    static final int MAX_SLOTS = 1024;

    /** A free slot. */
    static final long FREE = 0L;
    /** A free slot whose last holder died holding it: the next taker is told. */
    static final long FREE_OWNER_DIED = -1L;

    private SyncDescriptor() {
    }

    /** @return the byte offset of a slot */
    static int slotOffset(int slot) {
        return HEADER_LENGTH + slot * SLOT_STRIDE;
    }

    /** @return the byte offset of a slot's "acquired at" */
    static int acquiredAtOffset(int slot) {
        return slotOffset(slot) + ACQUIRED_AT_IN_SLOT;
    }

    /** @return the file length for a number of slots */
    static int length(int slots) {
        return HEADER_LENGTH + slots * SLOT_STRIDE;
    }
}
