package io.jipc.shm.sync;

import static io.jipc.shm.sync.SyncDescriptor.CLAIM_OFFSET;
import static io.jipc.shm.sync.SyncDescriptor.FREE;
import static io.jipc.shm.sync.SyncDescriptor.FREE_OWNER_DIED;
import static io.jipc.shm.sync.SyncDescriptor.RECOVERIES_OFFSET;

import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jipc.IpcException;
import io.jipc.IpcInterruptedException;
import io.jipc.internal.jfr.Jfr;
import io.jipc.spi.Backoff;

/**
 * The holder slots of a lock (one) or semaphore (one per permit) and how they are taken, waited for and
 * recovered from dead holders. A slot is taken by a compare-and-set from free to this process's owner token, then
 * stamped with the time ({@link #stamp}: an ordered store of {@link HoldClock#now()} into the same cache line, unless
 * it holds that value already, so a tool can say how long it has been held), and given back by a release store of
 * free; nothing else is written on the uncontended path.
 * <p>
 * Waiting: the standard {@link Backoff} ({@link #IDLE}) with {@link #SPINS} spins first (a lock is usually given back
 * within a microsecond), each park at most {@link #MAX_PARK_NS}. From {@link #FIRST_CHECK_NS} on, and every {@link #CHECK_PERIOD_NS}, a waiter checks the
 * holders and marks the slots of dead ones {@link SyncDescriptor#FREE_OWNER_DIED}. A waiter that has waited
 * {@link #CLAIM_AFTER_NS} writes its token into the claim word: the other processes (and the other threads of its
 * own) then leave free slots to it until it is served, gives up or dies. Waiters that found the claim taken are
 * behind it anyway: they park up to {@link #LONG_PARK_NS} and check holders every {@link #LONG_CHECK_PERIOD_NS},
 * so many waiters cost little CPU. Thread-safe.
 */
final class SlotTable {

    /** Result of {@link #tryTakeOne()}: nothing taken. */
    static final int NO_SLOT = Integer.MIN_VALUE;
    /** Result of a take: nothing taken. */
    static final int NONE = -1;
    /** Result of a take: taken. */
    static final int TAKEN = 0;
    /** Result of a take: taken, and at least one slot had been left by a holder that died. */
    static final int TAKEN_OWNER_DIED = 1;

    static final int SPINS = 100;
    static final long MAX_PARK_NS = 500_000;
    static final long LONG_PARK_NS = 4_000_000;
    /** How a waiter waits: spins, the standard yields, then parks up to {@link #LONG_PARK_NS}. */
    static final Backoff.Settings IDLE = new Backoff.Settings(SPINS, Backoff.Settings.STANDARD.yields(),
        Backoff.Settings.STANDARD.minParkNanos(), LONG_PARK_NS, Backoff.Settings.STANDARD.recentNanos(),
        Backoff.Settings.STANDARD.recentMaxParkNanos());
    static final long FIRST_CHECK_NS = 1_000_000;
    static final long CHECK_PERIOD_NS = 10_000_000;
    static final long LONG_CHECK_PERIOD_NS = 100_000_000;
    static final long CLAIM_AFTER_NS = 20_000_000;

    /**
     * The thread of this process whose claim is in a file's claim word: only it may pass the claim, so that threads
     * of the claimer's own process cannot starve it either.
     */
    private static final ConcurrentHashMap<Path, Thread> CLAIMERS = new ConcurrentHashMap<>();
    private static final int FIRST_SLOT_OFFSET = SyncDescriptor.slotOffset(0);
    private static final Logger LOG = LoggerFactory.getLogger(SlotTable.class);

    private final SyncFile file;
    /** The mapped file; also what keeps the mapping the raw addresses below point into alive. */
    private final UnsafeBuffer buffer;
    /** The mapping's address: slots and the claim word are read and written raw, their bounds checked at open. */
    private final long address;
    private final int slots;
    private final int start;
    private final long token;
    private volatile boolean closed;
    /** When a try without waiting may next look for dead holders: at most every {@link #CHECK_PERIOD_NS}. */
    private volatile long nextTryCheckNanos = System.nanoTime();

    SlotTable(SyncFile file) {
        this.file = file;
        this.buffer = file.buffer();
        this.slots = file.slots();
        if (buffer.byteArray() != null) {
            throw new IllegalStateException(file.path() + ": a slot table needs a mapped (off-heap) buffer");
        }
        buffer.boundsCheck(0, SyncDescriptor.length(file.slots())); // everything the raw accesses below may touch
        this.address = buffer.addressOffset();
        this.token = Owners.current();
        this.start = (int) (Owners.pid(token) % slots);
        HoldClock.open();
    }

    int slots() {
        return slots;
    }

    long token() {
        return token;
    }

    /** @return the token in a slot now: free, free after a death, or a holder's */
    long holder(int slot) {
        return buffer.getLongVolatile(SyncDescriptor.slotOffset(slot));
    }

    /** @return the raw address of slot 0, for {@link #tryTakeFirstFree(long, long, long)} and {@link #giveAt} */
    long firstSlotAddress() {
        return address + FIRST_SLOT_OFFSET;
    }

    /** @return the raw address of the claim word, for {@link #tryTakeFirstFree(long, long, long)} */
    long claimAddress() {
        return address + CLAIM_OFFSET;
    }

    /**
     * The uncontended path of a lock: takes slot 0 if it is plainly free and nobody claimed the next turn.
     *
     * @return true when taken (by a holder that gave it back normally)
     */
    boolean tryTakeFirstFree() {
        return tryTakeFirstFree(claimAddress(), firstSlotAddress(), token);
    }

    /**
     * {@link #tryTakeFirstFree()} on raw addresses ({@link #claimAddress()}, {@link #firstSlotAddress()}, checked at
     * open) that the caller keeps in its own final fields. A lock's whole uncontended path is a few nanoseconds, and
     * what the compare-and-set waits for counts: reaching the addresses through this table ({@code lock.table.address})
     * puts one more dependent load before it, and a bounds check before each access was measurable too. Loads before
     * the compare-and-set are cheaper than loads after it, which wait for it: the claim word is read first.
     *
     * @return true when taken
     */
    static boolean tryTakeFirstFree(long claim, long slot, long token) {
        if (UnsafeApi.getLongVolatile(null, claim) == FREE && UnsafeApi.compareAndSetLong(null, slot, FREE, token)) {
            long now = HoldClock.now();
            if (UnsafeApi.getLong(null, slot + SyncDescriptor.ACQUIRED_AT_IN_SLOT) != now) { // as in stamp
                UnsafeApi.putLongRelease(null, slot + SyncDescriptor.ACQUIRED_AT_IN_SLOT, now);
            }
            return true;
        }
        return false;
    }

    /**
     * Gives a slot back, on its raw address (e.g. {@link #firstSlotAddress()}).
     *
     * @return false when the slot does not hold {@code token} (nothing changed)
     */
    static boolean giveAt(long slot, long token) {
        if (UnsafeApi.getLongVolatile(null, slot) != token) {
            return false;
        }
        UnsafeApi.putLongRelease(null, slot, FREE);
        return true;
    }

    /**
     * Records when this process took a slot it holds now ({@link HoldClock}: a field read, not a clock read): only
     * the holder writes it, with an ordered store (no fence) into the cache line its compare-and-set just made its own.
     * The clock ticks every 10 ms, so a slot taken again and again mostly holds this tick's stamp already: it is then
     * left as it is. The store, even of a constant, cost an uncontended lock and unlock half a nanosecond (the next
     * compare-and-set waits for it to drain), a load and compare nothing measurable: lock {@code cas_ratio} 1.17-1.20
     * with the store, 1.08-1.10 without (quick runs, AMD EPYC).
     */
    private void stamp(int slot) {
        long now = HoldClock.now();
        if (buffer.getLong(SyncDescriptor.acquiredAtOffset(slot)) != now) {
            buffer.putLongRelease(SyncDescriptor.acquiredAtOffset(slot), now);
        }
    }

    /**
     * The uncontended path of one permit: takes the first free slot, without waiting.
     *
     * @return the slot taken, its complement {@code ~slot} (negative) when its last holder had died, or
     *         {@link #NO_SLOT}
     */
    int tryTakeOne() {
        int slot = tryTakeOneNow();
        return slot == NO_SLOT && recoveredForATry() ? tryTakeOneNow() : slot;
    }

    /**
     * A try that does not wait still recovers from dead holders: when it finds nothing free, it looks at the holders
     * (a look into /proc per holder), at most every {@link #CHECK_PERIOD_NS} per process, so a caller spinning on
     * {@code tryLock()} costs the process table little.
     *
     * @return true when it looked and freed something
     */
    private boolean recoveredForATry() {
        long now = System.nanoTime();
        if (now - nextTryCheckNanos < 0) {
            return false;
        }
        nextTryCheckNanos = now + CHECK_PERIOD_NS;
        return recoverDeadHolders() > 0;
    }

    private int tryTakeOneNow() {
        long claim = buffer.getLongVolatile(CLAIM_OFFSET);
        if (claim != FREE && (claim != token || CLAIMERS.get(file.path()) != Thread.currentThread())) {
            return NO_SLOT;
        }
        for (int i = 0; i < slots; i++) {
            int slot = rotate(i);
            int offset = SyncDescriptor.slotOffset(slot);
            long value = buffer.getLongVolatile(offset);
            if (value == FREE) {
                if (buffer.compareAndSetLong(offset, FREE, token)) {
                    stamp(slot);
                    return slot;
                }
            } else if (value == FREE_OWNER_DIED && buffer.compareAndSetLong(offset, FREE_OWNER_DIED, token)) {
                stamp(slot);
                return ~slot;
            }
        }
        return NO_SLOT;
    }

    /**
     * Takes {@code count} slots now, or none, without waiting.
     *
     * @param into receives the taken slot numbers, {@code count} of them
     * @return {@link #NONE}, {@link #TAKEN} or {@link #TAKEN_OWNER_DIED}
     */
    int tryTake(int count, int[] into) {
        long claim = buffer.getLongVolatile(CLAIM_OFFSET);
        if (claim != FREE && (claim != token || CLAIMERS.get(file.path()) != Thread.currentThread())) {
            return NONE;
        }
        int got = 0;
        boolean died = false;
        for (int i = 0; i < slots && got < count; i++) {
            int slot = rotate(i);
            int offset = SyncDescriptor.slotOffset(slot);
            long value = buffer.getLongVolatile(offset);
            if ((value == FREE || value == FREE_OWNER_DIED) && buffer.compareAndSetLong(offset, value, token)) {
                into[got++] = value == FREE_OWNER_DIED ? ~slot : slot;
                died |= value == FREE_OWNER_DIED;
            }
        }
        if (got < count) {
            for (int i = 0; i < got; i++) {
                int slot = into[i];
                if (slot < 0) {
                    buffer.putLongRelease(SyncDescriptor.slotOffset(~slot), FREE_OWNER_DIED);
                } else {
                    buffer.putLongRelease(SyncDescriptor.slotOffset(slot), FREE);
                }
            }
            return NONE;
        }
        for (int i = 0; i < got; i++) {
            stamp(into[i] < 0 ? ~into[i] : into[i]);
        }
        if (died) {
            for (int i = 0; i < got; i++) {
                if (into[i] < 0) {
                    into[i] = ~into[i];
                }
            }
            return TAKEN_OWNER_DIED;
        }
        return TAKEN;
    }

    /**
     * Takes {@code count} slots, waiting up to {@code timeoutNs} (negative: no limit).
     *
     * @return {@link #NONE} when the timeout passed first, else {@link #TAKEN} or {@link #TAKEN_OWNER_DIED}
     * @throws IpcInterruptedException when interrupted while waiting (nothing taken, interrupt status set)
     */
    int take(int count, int[] into, long timeoutNs) {
        int result = tryTake(count, into);
        if (result == NONE && timeoutNs == 0 && recoveredForATry()) {
            result = tryTake(count, into);
        }
        if (result != NONE || timeoutNs == 0) {
            return result;
        }
        long begin = System.nanoTime();
        long nextCheck = begin + FIRST_CHECK_NS;
        boolean claimed = false;
        Backoff idle = new Backoff(IDLE);
        try {
            while (true) {
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    throw new IpcInterruptedException(file.endpoint(), "interrupted while waiting for "
                        + (slots == 1 ? "the lock " : count + " permit(s) of ") + file.path());
                }
                if (closed) {
                    throw new IpcException(file.endpoint(), (slots == 1 ? "lock " : "semaphore ") + file.path()
                        + " was closed while this thread waited for it");
                }
                long now = System.nanoTime();
                long waited = now - begin;
                if (timeoutNs > 0 && waited >= timeoutNs) {
                    return NONE;
                }
                if (!claimed && waited >= CLAIM_AFTER_NS && buffer.getLongVolatile(CLAIM_OFFSET) == FREE
                    && CLAIMERS.putIfAbsent(file.path(), Thread.currentThread()) == null) {
                    claimed = buffer.compareAndSetLong(CLAIM_OFFSET, FREE, token);
                    if (!claimed) {
                        CLAIMERS.remove(file.path(), Thread.currentThread());
                    } else if (nextCheck - now > CHECK_PERIOD_NS) {
                        nextCheck = now + CHECK_PERIOD_NS;
                    }
                }
                boolean behind = !claimed && waited >= CLAIM_AFTER_NS;
                if (now - nextCheck >= 0) {
                    recoverDeadHolders();
                    nextCheck = now + (behind ? LONG_CHECK_PERIOD_NS : CHECK_PERIOD_NS);
                }
                long remaining = timeoutNs > 0 ? timeoutNs - waited : Long.MAX_VALUE;
                idle.idleAtMost(Math.min(behind ? LONG_PARK_NS : MAX_PARK_NS, Math.min(remaining, nextCheck - now)));
                result = tryTake(count, into);
                if (result != NONE) {
                    return result;
                }
            }
        } finally {
            if (claimed) {
                buffer.compareAndSetLong(CLAIM_OFFSET, token, FREE);
                CLAIMERS.remove(file.path(), Thread.currentThread());
            }
        }
    }

    /**
     * Makes waiters give up with an exception; the mapping itself stays until the owner is garbage-collected.
     * Idempotent.
     */
    void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        HoldClock.close();
    }

    /**
     * Gives a slot back.
     *
     * @return false when this process did not hold it (nothing changed)
     */
    boolean give(int slot) {
        return giveAt(address + SyncDescriptor.slotOffset(Objects.checkIndex(slot, slots)), token); // raw, checked at open
    }

    /**
     * Gives back {@code count} slots this process holds, or none when it holds fewer.
     *
     * @return {@code count}, or how many this process held when that was fewer (nothing given back)
     */
    int giveAny(int count) {
        if (count == 1) {
            for (int i = 0; i < slots; i++) {
                if (give(rotate(i))) {
                    return 1;
                }
            }
            return 0;
        }
        int held = 0;
        for (int i = 0; i < slots && held < count; i++) {
            if (holder(rotate(i)) == token) {
                held++;
            }
        }
        if (held < count) {
            return held;
        }
        int given = 0;
        for (int i = 0; i < slots && given < count; i++) {
            if (give(rotate(i))) {
                given++;
            }
        }
        return given;
    }

    private int rotate(int i) {
        return start + i < slots ? start + i : start + i - slots;
    }

    /** @return how many slots this process holds now */
    int heldByThisProcess() {
        int held = 0;
        for (int slot = 0; slot < slots; slot++) {
            if (holder(slot) == token) {
                held++;
            }
        }
        return held;
    }

    /** @return how many slots are free now */
    int free() {
        int free = 0;
        for (int slot = 0; slot < slots; slot++) {
            long value = holder(slot);
            if (value == FREE || value == FREE_OWNER_DIED) {
                free++;
            }
        }
        return free;
    }

    /**
     * Marks the slots of dead holders free (the next taker is told) and drops a dead waiter's claim.
     *
     * @return how many slots (and dead claims) it freed
     */
    int recoverDeadHolders() {
        int freed = 0;
        long lastChecked = 0;
        boolean lastAlive = true;
        for (int slot = 0; slot < slots; slot++) {
            int offset = SyncDescriptor.slotOffset(slot);
            long holder = buffer.getLongVolatile(offset);
            if (holder == FREE || holder == FREE_OWNER_DIED || holder == token) {
                continue;
            }
            if (holder != lastChecked) {
                lastChecked = holder;
                lastAlive = Owners.isAlive(holder);
            }
            if (!lastAlive && buffer.compareAndSetLong(offset, holder, FREE_OWNER_DIED)) {
                freed++;
                buffer.getAndAddLong(RECOVERIES_OFFSET, 1);
                LOG.warn("{}: holder {} died holding {}; recovered", file.path(), Owners.describe(holder),
                    slots == 1 ? "the lock" : "permit " + slot);
                Jfr.lockOwnerDied(file.path(), Owners.pid(holder));
            }
        }
        long claim = buffer.getLongVolatile(CLAIM_OFFSET);
        if (claim != FREE && claim != token && !Owners.isAlive(claim) && buffer.compareAndSetLong(CLAIM_OFFSET, claim, FREE)) {
            freed++; // a dead waiter's claim no longer holds the free slots back
        }
        return freed;
    }
}
