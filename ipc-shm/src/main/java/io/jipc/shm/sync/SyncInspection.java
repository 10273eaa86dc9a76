package io.jipc.shm.sync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.agrona.DirectBuffer;

import io.jipc.internal.ProcessIdentity;
import io.jipc.shm.ShmObject;

/**
 * Not API: reads a lock or semaphore file's slots ({@link SyncDescriptor}) for {@link io.jipc.shm.ShmObjects}, which
 * is where a tool should start.
 */
public final class SyncInspection {

    private SyncInspection() {
    }

    /** @return the length to read of a file with this header (its slots included), capped at the file's size */
    public static int length(DirectBuffer header, long fileSize) {
        int slots = Math.max(0, Math.min(header.getInt(SyncDescriptor.SLOTS_OFFSET), SyncDescriptor.MAX_SLOTS));
        return (int) Math.min(fileSize, SyncDescriptor.length(slots));
    }

    /**
     * @param file the file's first {@link #length} bytes, its header verified
     * @return the holders and how long each has held its slot (by this process's {@code System.nanoTime()}, the
     *         same clock on Linux: {@code CLOCK_MONOTONIC}), the slots freed by a holder's death, the claimant and the
     *         recoveries
     */
    public static ShmObject.Sync read(DirectBuffer file) {
        int slots = Math.max(0, Math.min(file.getInt(SyncDescriptor.SLOTS_OFFSET), SyncDescriptor.MAX_SLOTS));
        List<ShmObject.Process> holders = new ArrayList<>();
        List<Duration> heldFor = new ArrayList<>();
        long now = System.nanoTime();
        int freedByDeath = 0;
        for (int slot = 0; slot < slots; slot++) {
            int offset = SyncDescriptor.slotOffset(slot);
            if (offset + 8 > file.capacity()) {
                break;
            }
            long token = file.getLong(offset);
            if (token == SyncDescriptor.FREE_OWNER_DIED) {
                freedByDeath++;
            } else if (token != SyncDescriptor.FREE) {
                holders.add(process("holder", token));
                long acquiredAt = offset + 16 > file.capacity() ? SyncDescriptor.NOT_RECORDED
                    : file.getLong(offset + SyncDescriptor.ACQUIRED_AT_IN_SLOT);
                heldFor.add(acquiredAt == SyncDescriptor.NOT_RECORDED ? null : Duration.ofNanos(Math.max(0, now - acquiredAt)));
            }
        }
        long claim = file.getLong(SyncDescriptor.CLAIM_OFFSET);
        ShmObject.Process claimant = claim == SyncDescriptor.FREE ? null : process("claimant", claim);
        return new ShmObject.Sync(slots, holders, heldFor, freedByDeath, claimant, file.getLong(SyncDescriptor.RECOVERIES_OFFSET));
    }

    private static ShmObject.Process process(String role, long token) {
        ProcessIdentity identity = ProcessIdentity.fromToken(token);
        return new ShmObject.Process(role, identity.pid(), identity.startTicks(), Owners.isAlive(token));
    }
}
