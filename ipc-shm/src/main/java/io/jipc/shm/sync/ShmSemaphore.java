package io.jipc.shm.sync;

import java.time.Duration;

import io.jipc.Endpoint;
import io.jipc.IpcException;
import io.jipc.IpcTimeoutException;
import io.jipc.sync.IpcSemaphore;
import io.jipc.sync.NotHeldException;

/**
 * An {@link IpcSemaphore} in a memory-mapped file with one holder slot per permit (layout in
 * {@link SyncDescriptor}): acquiring a permit is a compare-and-set of a free slot to this process's owner token,
 * releasing it a store of free. A process's permits are the slots bearing its token, so those of a dead process
 * are found and given back.
 */
public final class ShmSemaphore implements IpcSemaphore {

    private final SyncFile file;
    private final SlotTable table;
    private volatile boolean closed;

    private ShmSemaphore(SyncFile file) {
        this.file = file;
        this.table = new SlotTable(file);
    }

    /**
     * Opens the semaphore at a {@code shm:} endpoint, creating it with {@code permits} permits when absent.
     *
     * @throws IllegalArgumentException      when {@code permits} is not between 1 and 1024
     * @throws io.jipc.sync.SyncFileException when the file is not a semaphore of this version with that many permits
     */
    public static ShmSemaphore open(Endpoint endpoint, int permits) {
        if (permits < 1 || permits > SyncDescriptor.MAX_SLOTS) {
            throw new IllegalArgumentException("permits must be between 1 and " + SyncDescriptor.MAX_SLOTS + ", was " + permits);
        }
        return new ShmSemaphore(SyncFile.open(endpoint, SyncDescriptor.KIND_SEMAPHORE, permits));
    }

    @Override
    public Permit acquire(Duration timeout) {
        return acquire(1, timeout);
    }

    @Override
    public Permit acquire(int count, Duration timeout) {
        if (count == 1 && !closed) {
            Held one = tryTakeOne();
            if (one != null) {
                return one;
            }
        }
        int[] slots = new int[checkCount(count)];
        int result = table.take(count, slots, Math.max(1, timeout.toNanos()));
        if (result == SlotTable.NONE) {
            throw new IpcTimeoutException(file.endpoint(), count + " permit(s) of " + file.path() + " not acquired within "
                + timeout + "; " + table.free() + " of " + table.slots() + " free");
        }
        return new Held(slots, result == SlotTable.TAKEN_OWNER_DIED);
    }

    @Override
    public Permit tryAcquire(int count) {
        if (checkCount(count) == 1) {
            return tryTakeOne();
        }
        int[] slots = new int[count];
        int result = table.take(count, slots, 0);
        return result == SlotTable.NONE ? null : new Held(slots, result == SlotTable.TAKEN_OWNER_DIED);
    }

    @Override
    public boolean tryAcquire(int count, Duration timeout) {
        if (count == 1 && !closed && table.tryTakeOne() != SlotTable.NO_SLOT) {
            return true;
        }
        int[] slots = new int[checkCount(count)];
        return table.take(count, slots, Math.max(1, timeout.toNanos())) != SlotTable.NONE;
    }

    @Override
    public void release(int count) {
        checkOpen();
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, was " + count);
        }
        int given = table.giveAny(count);
        if (given < count) {
            throw new NotHeldException(file.endpoint(), "release of " + count + " permit(s) of " + file.path()
                + ", but this process holds " + given + " (a bounded semaphore cannot grow)");
        }
    }

    @Override
    public int permits() {
        return table.slots();
    }

    @Override
    public int available() {
        checkOpen();
        return table.free();
    }

    @Override
    public int heldByThisProcess() {
        checkOpen();
        return table.heldByThisProcess();
    }

    @Override
    public Endpoint endpoint() {
        return file.endpoint();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        table.close();
    }

    @Override
    public String toString() {
        return "ShmSemaphore[" + file.path() + ", " + (closed ? "closed" : table.free() + " of " + table.slots() + " free") + "]";
    }

    /** @return one permit taken now, as one small object, or null when none is free */
    private Held tryTakeOne() {
        int slot = table.tryTakeOne();
        if (slot == SlotTable.NO_SLOT) {
            return null;
        }
        return slot >= 0 ? new Held(slot, false) : new Held(~slot, true);
    }

    private int checkCount(int count) {
        checkOpen();
        if (count < 1 || count > table.slots()) {
            throw new IllegalArgumentException("count must be between 1 and " + table.slots() + " (the permits of "
                + file.path() + "), was " + count);
        }
        return count;
    }

    private void checkOpen() {
        if (closed) {
            throw new IpcException(file.endpoint(), "semaphore " + file.path() + " is closed");
        }
    }

    /** Permits taken together; closing gives each slot back once. */
    private final class Held implements Permit {
        /** The slot of a single permit (kept in a field, so that taking one permit allocates only this object). */
        private final int slot;
        /** The slots of several permits, or null for a single permit. */
        private final int[] slots;
        private final boolean died;
        private boolean released;

        Held(int slot, boolean died) {
            this.slot = slot;
            this.slots = null;
            this.died = died;
        }

        Held(int[] slots, boolean died) {
            this.slot = -1;
            this.slots = slots;
            this.died = died;
        }

        @Override
        public int count() {
            return slots == null ? 1 : slots.length;
        }

        @Override
        public boolean previousHolderDied() {
            return died;
        }

        @Override
        public void close() {
            synchronized (this) {
                if (released) {
                    return;
                }
                released = true;
            }
            int lost = 0;
            if (slots == null) {
                lost = table.give(slot) ? 0 : 1;
            } else {
                for (int each : slots) {
                    if (!table.give(each)) {
                        lost++;
                    }
                }
            }
            if (lost > 0) {
                throw new NotHeldException(file.endpoint(), lost + " of " + count() + " permit(s) of " + file.path()
                    + " were no longer held by this process when released (released another way?)");
            }
        }
    }
}
