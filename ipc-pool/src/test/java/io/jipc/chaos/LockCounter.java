package io.jipc.chaos;

import java.time.Duration;
import java.util.Random;

import io.jipc.IpcTimeoutException;
import io.jipc.shm.SharedLongArray;
import io.jipc.sync.IpcLock;

/**
 * A child JVM of {@link LockChaosTest}: adds 1 to a shared counter under an {@link IpcLock}, again and again, until
 * the board's stop word is set. Arguments: the lock's URI, the board's URI, this child's slot (0 to
 * {@value #SLOTS} - 1).
 * <p>
 * Each increment is a small transaction, so that one killed anywhere inside it is either complete or repairable by
 * the next holder, and the count stays exact: the holder writes a journal (the new counter and the new count of its
 * slot's acknowledged increments), marks it valid, writes the counter, writes its acknowledgement, and clears the
 * journal. A holder told {@link IpcLock.Held#previousOwnerDied()} rolls a valid journal forward. The board also
 * records who is inside: a holder that finds someone else inside, or that finds the counter moved under it, counts
 * a violation of mutual exclusion.
 * <pre>
 *  board (a SharedLongArray of LENGTH longs)
 *  0 counter          1 holder inside (slot + 1, 0: none)   2 violations seen    3 journal: slot + 1 (0: none)
 *  4 journal: counter 5 journal: acknowledged count           6 journals repaired  7 stop (1: children leave)
 *  8 takeovers (holds that began after a holder died)         9 .. 9 + SLOTS: acknowledged increments per slot
 * </pre>
 */
public final class LockCounter {

    static final int COUNTER = 0;
    static final int HOLDER = 1;
    static final int VIOLATIONS = 2;
    static final int JOURNAL_SLOT = 3;
    static final int JOURNAL_COUNTER = 4;
    static final int JOURNAL_ACKNOWLEDGED = 5;
    static final int REPAIRS = 6;
    static final int STOP = 7;
    static final int TAKEOVERS = 8;
    static final int ACKNOWLEDGED = 9;
    static final int SLOTS = 4;
    static final int LENGTH = ACKNOWLEDGED + SLOTS;

    private LockCounter() {
    }

    /** @param args the lock's URI, the board's URI, this child's slot */
    public static void main(String[] args) throws InterruptedException {
        int slot = Integer.parseInt(args[2]);
        long me = slot + 1;
        Random random = new Random();
        try (IpcLock lock = IpcLock.open(args[0]); SharedLongArray board = SharedLongArray.open(args[1], LENGTH)) {
            while (board.get(STOP) == 0) {
                IpcLock.Held held;
                try {
                    held = lock.acquire(Duration.ofSeconds(30));
                } catch (IpcTimeoutException e) {
                    System.err.println("lock counter " + slot + ": " + e.getMessage() + "; trying again");
                    continue;
                }
                try (held) {
                    enter(board, me, held.previousOwnerDied());
                    long counter = board.getPlain(COUNTER);
                    long acknowledged = board.getPlain(ACKNOWLEDGED + slot);
                    board.setPlain(JOURNAL_COUNTER, counter + 1);
                    board.setPlain(JOURNAL_ACKNOWLEDGED, acknowledged + 1);
                    board.set(JOURNAL_SLOT, me); // volatile: the journal is whole before it is valid
                    pause(random);
                    board.setPlain(COUNTER, counter + 1);
                    pause(random);
                    board.setPlain(ACKNOWLEDGED + slot, acknowledged + 1);
                    board.set(JOURNAL_SLOT, 0);
                    leave(board, me, counter + 1);
                }
                Thread.sleep(random.nextInt(3));
            }
        }
    }

    private static void enter(SharedLongArray board, long me, boolean previousOwnerDied) {
        if (previousOwnerDied) {
            board.addAndGet(TAKEOVERS, 1);
            repair(board);
        } else if (board.get(HOLDER) != 0 || board.get(JOURNAL_SLOT) != 0) {
            violation(board, "slot " + (me - 1) + " got the lock while slot " + (board.get(HOLDER) - 1) + " is inside");
        }
        board.set(HOLDER, me);
    }

    private static void leave(SharedLongArray board, long me, long counter) {
        if (board.get(HOLDER) != me || board.getPlain(COUNTER) != counter) {
            violation(board, "slot " + (me - 1) + " was not alone: holder " + (board.get(HOLDER) - 1) + ", counter "
                + board.getPlain(COUNTER) + " instead of " + counter);
        }
        board.set(HOLDER, 0);
    }

    /** Under the lock, after a holder died: completes the increment it was inside, if its journal is valid. */
    static void repair(SharedLongArray board) {
        long slot = board.get(JOURNAL_SLOT);
        if (slot != 0) {
            board.setPlain(COUNTER, board.getPlain(JOURNAL_COUNTER));
            board.setPlain(ACKNOWLEDGED + (int) slot - 1, board.getPlain(JOURNAL_ACKNOWLEDGED));
            board.set(JOURNAL_SLOT, 0);
            board.addAndGet(REPAIRS, 1);
        }
        board.set(HOLDER, 0);
    }

    private static void violation(SharedLongArray board, String what) {
        board.addAndGet(VIOLATIONS, 1);
        System.err.println("lock counter: mutual exclusion violated: " + what);
    }

    /** Half the time, a millisecond or two inside the critical section: a fault lands there often. */
    private static void pause(Random random) throws InterruptedException {
        if (random.nextBoolean()) {
            Thread.sleep(1 + random.nextInt(2));
        }
    }
}
