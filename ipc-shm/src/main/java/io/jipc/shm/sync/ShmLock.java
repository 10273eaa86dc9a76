package io.jipc.shm.sync;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.OptionalLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jipc.Endpoint;
import io.jipc.IpcException;
import io.jipc.IpcTimeoutException;
import io.jipc.sync.IpcLock;
import io.jipc.sync.NotHeldException;

/**
 * An {@link IpcLock} in a memory-mapped file with one holder slot (layout in {@link SyncDescriptor}): acquiring is
 * a compare-and-set of the slot from free to this process's owner token, releasing a store of free. Which thread of
 * this process holds it is kept here, in this instance.
 */
public final class ShmLock implements IpcLock {

    private static final Logger LOG = LoggerFactory.getLogger(ShmLock.class);
    private static final VarHandle HOLDER;

    static {
        try {
            HOLDER = MethodHandles.lookup().findVarHandle(ShmLock.class, "holder", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final SyncFile file;
    private final SlotTable table;
    /**
     * The id ({@link Thread#getId()}, never reused by the JVM) of the thread holding the lock through this instance,
     * 0 for none; written only by that thread (set after taking the slot, cleared before giving it back) in opaque
     * mode: the slot's compare-and-set and release store order it, and a thread can only ever read itself here if it
     * wrote itself last. An id rather than the {@code Thread}: a reference store into an old object pays the
     * collector's write barrier, a measurable part of an uncontended lock and unlock. Negated ({@code -id}) when the
     * hold was taken from a holder that died: one field, so that taking and giving back the lock each store once here
     * (every store before the next compare-and-set delays it: a separate "owner died" flag cleared on every lock cost
     * {@code cas_ratio} about 0.05).
     */
    private long holder;
    private volatile boolean closed;
    /**
     * The table's raw addresses of its claim word and slot, and this process's token, kept here so that the
     * uncontended path loads them straight from this object ({@link SlotTable#tryTakeFirstFree(long, long, long)});
     * {@link #table} keeps the mapping alive.
     */
    private final long claim;
    private final long slot;
    private final long token;

    private ShmLock(SyncFile file) {
        this.file = file;
        this.table = new SlotTable(file);
        this.claim = table.claimAddress();
        this.slot = table.firstSlotAddress();
        this.token = table.token();
    }

    /**
     * Opens the lock at a {@code shm:} endpoint, creating it when absent.
     *
     * @throws io.jipc.sync.SyncFileException when the file is not a lock of this version
     */
    public static ShmLock open(Endpoint endpoint) {
        return new ShmLock(SyncFile.open(endpoint, SyncDescriptor.KIND_LOCK, 1));
    }

    @Override
    public Held acquire(Duration timeout) {
        if (!tryLock(timeout)) {
            throw new IpcTimeoutException(file.endpoint(), "lock " + file.path() + " not acquired within " + timeout
                + "; held by " + holderDescription());
        }
        return new Hold(holder() < 0);
    }

    @Override
    public Held tryAcquire() {
        return tryLock() ? new Hold(holder() < 0) : null;
    }

    @Override
    public void lock() {
        take(-1);
    }

    @Override
    public boolean tryLock() {
        return take(0);
    }

    @Override
    public boolean tryLock(Duration timeout) {
        return take(Math.max(1, timeout.toNanos()));
    }

    /**
     * Takes the lock: the uncontended path here, small enough to inline; errors and the wait in takeSlowly. Nothing
     * is read before the compare-and-set that it does not need, since it waits for every earlier load: a thread
     * holding the lock already finds the slot taken (its process's token is there), and {@code closed} is read after
     * it (a closed lock gives the slot straight back; its mapping lives as long as this object).
     */
    private boolean take(long timeoutNs) {
        if (SlotTable.tryTakeFirstFree(claim, slot, token)) {
            if (!closed) {
                HOLDER.setOpaque(this, me());
                return true;
            }
            SlotTable.giveAt(slot, token);
        }
        return takeSlowly(me(), timeoutNs);
    }

    private boolean takeSlowly(long current, long timeoutNs) {
        if (isHeldBy(current)) {
            throw new IllegalStateException("lock " + file.path() + " is already held by this thread: it is not reentrant");
        }
        if (closed) {
            throw new IpcException(file.endpoint(), "lock " + file.path() + " is closed");
        }
        boolean ownerDied = false;
        if (!table.tryTakeFirstFree()) {
            int result = table.take(1, new int[1], timeoutNs);
            if (result == SlotTable.NONE) {
                return false;
            }
            ownerDied = result == SlotTable.TAKEN_OWNER_DIED;
        }
        HOLDER.setOpaque(this, ownerDied ? -current : current);
        return true;
    }

    /** @return true when the thread with this id holds the lock through this instance */
    private boolean isHeldBy(long id) {
        long held = holder();
        return held == id || held == -id;
    }

    /** @return the id of the calling thread, as {@link #holder} keeps it */
    private static long me() {
        return Thread.currentThread().getId();
    }

    @Override
    public void unlock() {
        if (!isHeldBy(me())) {
            throw notHeld();
        }
        HOLDER.setOpaque(this, 0L);
        if (!SlotTable.giveAt(slot, token)) {
            throw takenWhileHeld();
        }
    }

    private NotHeldException notHeld() {
        return new NotHeldException(file.endpoint(), "unlock of " + file.path() + " by " + Thread.currentThread().getName()
            + ", which does not hold it; held by " + holderDescription());
    }

    private IpcException takenWhileHeld() {
        return new IpcException(file.endpoint(), "lock " + file.path() + " was taken from this process while held; now "
            + holderDescription());
    }

    @Override
    public boolean previousOwnerDied() {
        return holder() == -me();
    }

    @Override
    public boolean isHeldByCurrentThread() {
        return isHeldBy(me());
    }

    @Override
    public OptionalLong ownerPid() {
        long token = table.holder(0);
        return token == SyncDescriptor.FREE || token == SyncDescriptor.FREE_OWNER_DIED
            ? OptionalLong.empty() : OptionalLong.of(Owners.pid(token));
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
        // Only the holding thread may give the slot back: the slot holds this process's token, not this instance's,
        // and another thread's view of the holder field may be stale, so releasing for another thread could free a
        // hold taken through another instance of this process, or one still in use: mutual exclusion would break.
        long held = Math.abs(holder());
        if (held == me()) {
            LOG.warn("{}: closed while held by this thread ({}): released", file.path(), Thread.currentThread().getName());
            HOLDER.setOpaque(this, 0L);
            table.give(0);
        } else if (held != 0) {
            LOG.warn("{}: closed while held by thread {}: left held until that thread unlocks it (or this process dies)",
                file.path(), threadName(held));
        }
        table.close();
    }

    private long holder() {
        return (long) HOLDER.getOpaque(this);
    }

    /** @return the name of the live thread with this id, or the id */
    private static String threadName(long id) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getId() == id) {
                return t.getName();
            }
        }
        return "#" + id + " (ended)";
    }

    @Override
    public String toString() {
        return "ShmLock[" + file.path() + ", " + holderDescription() + "]";
    }

    private String holderDescription() {
        long token = table.holder(0);
        if (token == SyncDescriptor.FREE) {
            return "nobody";
        }
        if (token == SyncDescriptor.FREE_OWNER_DIED) {
            return "nobody (its last holder died)";
        }
        return Owners.describe(token) + (token == table.token() ? ", this process" : "");
    }

    /** One hold; closing releases it once. */
    private final class Hold implements Held {
        private final boolean died;
        private final Thread thread = Thread.currentThread();
        private boolean released;

        Hold(boolean died) {
            this.died = died;
        }

        @Override
        public boolean previousOwnerDied() {
            return died;
        }

        @Override
        public void close() {
            if (Thread.currentThread() != thread) {
                throw new NotHeldException(file.endpoint(), "hold of " + file.path() + " acquired by " + thread.getName()
                    + " closed by " + Thread.currentThread().getName());
            }
            if (!released) {
                released = true;
                unlock();
            }
        }
    }
}
