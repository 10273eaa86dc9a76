package io.jipc.shm.sync;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.jipc.Endpoint;
import io.jipc.shm.ShmObject;
import io.jipc.shm.ShmObjects;
import io.jipc.sync.IpcLock;
import io.jipc.sync.IpcSemaphore;
import io.jipc.testkit.NoLeaks;

/**
 * Every way of taking a slot records when ({@link HoldClock}): a hold time read from outside is never shorter than
 * the truth and at most about a tick longer; the clock's thread ends after the last lock or semaphore closes.
 */
@Timeout(30)
@ExtendWith(NoLeaks.class)
class HoldTimeTest {

    /** A tick, the thread's wait for a CPU on a loaded machine, and the look itself. */
    private static final long SLACK_NS = HoldClock.TICK_NS + 500_000_000L;

    @TempDir
    Path dir;

    @Test
    void aLockHeldThroughEitherPathSaysSinceWhen() throws IOException {
        String uri = "shm:" + dir.resolve("timed.lock");
        try (IpcLock lock = IpcLock.open(uri)) {
            long before = System.nanoTime();
            lock.lock();
            long after = System.nanoTime();
            checkHeldFor(dir.resolve("timed.lock"), 0, before, after);
            await().atMost(Duration.ofSeconds(10)).until(() -> heldFor(dir.resolve("timed.lock"), 0).toMillis() >= 100);
            lock.unlock();

            before = System.nanoTime();
            try (IpcLock.Held held = lock.acquire(Duration.ofSeconds(5))) {
                checkHeldFor(dir.resolve("timed.lock"), 0, before, System.nanoTime());
                assertFalse(held.previousOwnerDied());
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
            .noneMatch(t -> t.isAlive() && t.getName().equals(HoldClock.THREAD_NAME)));
    }

    @Test
    void eachPermitSaysSinceWhenWhetherTakenAloneTogetherOrFromADeadHolder() throws IOException {
        String uri = "shm:" + dir.resolve("timed.sem");
        UnsafeBuffer words = SyncFile.open(Endpoint.parse(uri), SyncDescriptor.KIND_SEMAPHORE, 4).buffer();
        try (IpcSemaphore semaphore = IpcSemaphore.open(uri, 4)) {
            words.putLongVolatile(SyncDescriptor.slotOffset(3), SyncDescriptor.FREE_OWNER_DIED);
            long before = System.nanoTime();
            try (IpcSemaphore.Permit one = semaphore.acquire(Duration.ofSeconds(5));
                 IpcSemaphore.Permit three = semaphore.acquire(3, Duration.ofSeconds(5))) {
                long after = System.nanoTime();
                assertTrue(one.previousHolderDied() || three.previousHolderDied(), "slot 3's holder had died");
                for (int holder = 0; holder < 4; holder++) {
                    checkHeldFor(dir.resolve("timed.sem"), holder, before, after);
                }
            }
        }
    }

    private static Duration heldFor(Path file, int holder) throws IOException {
        ShmObject.Sync sync = (ShmObject.Sync) ShmObjects.describe(file).contents();
        return sync.heldFor().get(holder);
    }

    /**
     * The hold began between {@code before} and {@code after}: its time is no shorter than since {@code after} (a
     * stamp is an earlier clock reading), no longer than since {@code before} and a tick.
     */
    private static void checkHeldFor(Path file, int holder, long before, long after) throws IOException {
        long looking = System.nanoTime();
        ShmObject.Sync sync = (ShmObject.Sync) ShmObjects.describe(file).contents();
        long looked = System.nanoTime();
        assertEquals(ProcessHandle.current().pid(), sync.holders().get(holder).pid());
        long held = sync.heldFor().get(holder).toNanos();
        assertTrue(held <= looked - before + SLACK_NS, held + " ns, looked " + (looked - before) + " ns after the acquire began");
        assertTrue(held >= looking - after, held + " ns, while held for at least " + (looking - after) + " ns");
    }
}
