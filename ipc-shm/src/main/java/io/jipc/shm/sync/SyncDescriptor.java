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
 * 192 | slot 0: holder token | padding to a cache line (64 bytes)                   |
 * 256 | slot 1: holder token | ...                                                  |
 *     | ... slots - 1 (a lock has 1 slot, a semaphore one per permit)               |
 *     +-----------------------------------------------------------------------------+
 * </pre>
 * A slot holds {@link #FREE}, {@link #FREE_OWNER_DIED} or the owner token of the process holding it: pid in the
 * low 32 bits, the low 32 bits of its kernel start time in the high 32 (see {@link Owners}).
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

    /** @return the file length for a number of slots */
    static int length(int slots) {
        return HEADER_LENGTH + slots * SLOT_STRIDE;
    }
}
