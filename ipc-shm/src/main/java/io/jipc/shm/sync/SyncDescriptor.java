package io.jipc.shm.sync;

/**
 * The layout of a lock or semaphore file, in the machine's byte order. The header is checked, magic and version
 * first, before anything else is read; then every slot is one holder.
 * <pre>
 *   0                   8         12        16        20        24                  32
 *   +-------------------+---------+---------+---------+---------+-------------------+
 *   | magic "JIPCSYNC"  | version | kind    | slots   | stride  | pid namespace     |
 *   +-------------------+---------+---------+---------+---------+-------------------+
 *  32 | creator (owner token)     | created (epoch ms)  | reserved to 64            |
 *     +---------------------------+---------------------+---------------------------+
 *  64 | claim: token of a waiter asking to go next, 0 when none   (own cache line)  |
 *  72 | recoveries: how many dead holders were cleared (statistics)                 |
 *     +-----------------------------------------------------------------------------+
 * 128 | slot 0: holder token | padding to a cache line (64 bytes)                   |
 * 192 | slot 1: holder token | ...                                                  |
 *     | ... slots - 1 (a lock has 1 slot, a semaphore one per permit)               |
 *     +-----------------------------------------------------------------------------+
 * </pre>
 * A slot holds {@link #FREE}, {@link #FREE_OWNER_DIED} or the owner token of the process holding it: pid in the
 * low 32 bits, its start time in epoch seconds in the high 32 (see {@link Owners}). The pid namespace (the inode
 * of {@code /proc/self/ns/pid}, 0 when unknown) makes processes that cannot see each other's pids refuse the file.
 */
final class SyncDescriptor {

    /** "JIPCSYNC" read as a little-endian long. */
    static final long MAGIC = 0x434E59534350494AL;
    /** Layout version; any other is refused. */
    static final int VERSION = 1;
    /** Kind of a lock file. */
    static final int KIND_LOCK = 1;
    /** Kind of a semaphore file. */
    static final int KIND_SEMAPHORE = 2;

    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = 8;
    static final int KIND_OFFSET = 12;
    static final int SLOTS_OFFSET = 16;
    static final int STRIDE_OFFSET = 20;
    static final int PID_NAMESPACE_OFFSET = 24;
    static final int CREATOR_OFFSET = 32;
    static final int CREATED_OFFSET = 40;
    static final int CLAIM_OFFSET = 64;
    static final int RECOVERIES_OFFSET = 72;
    static final int HEADER_LENGTH = 128;
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

    /** @return "lock", "semaphore" or a description of an unknown kind */
    static String kindName(int kind) {
        return switch (kind) {
            case KIND_LOCK -> "lock";
            case KIND_SEMAPHORE -> "semaphore";
            default -> "unknown kind " + kind;
        };
    }
}
