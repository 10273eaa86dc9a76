package io.jipc.shm.sync;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.jipc.Endpoint;
import io.jipc.IpcTimeoutException;
import io.jipc.internal.ProcessIdentity;
import io.jipc.sync.IpcLock;
import org.junit.jupiter.api.extension.ExtendWith;
import io.jipc.testkit.NoLeaks;

/** Owner tokens: a reused pid (same pid, another kernel start time) is a dead owner; pid and start time together are not. */
@Timeout(30)
@ExtendWith(NoLeaks.class)
class ShmLockOwnerTest {

    @TempDir
    Path dir;

    /** @return a token of this process's pid with its start time moved by {@code ticks} */
    private static long thisPidStarted(long ticks) {
        ProcessIdentity self = ProcessIdentity.current();
        return new ProcessIdentity(self.pid(), self.startTicks() + ticks).token();
    }

    @Test
    void aPidNowUsedByAProcessThatStartedAtAnotherTimeIsADeadOwner() {
        String uri = "shm:" + dir.resolve("reused.lock");
        UnsafeBuffer words = SyncFile.open(Endpoint.parse(uri), SyncDescriptor.KIND_LOCK, 1).buffer();
        words.putLongVolatile(SyncDescriptor.slotOffset(0), thisPidStarted(-1));
        try (IpcLock lock = IpcLock.open(uri); IpcLock.Held held = lock.acquire(Duration.ofSeconds(5))) {
            assertTrue(held.previousOwnerDied(), "a process that started one tick earlier with this pid is gone");
        }
    }

    @Test
    void aHoldTakenFromADeadOwnerIsHeldLikeAnyOther() {
        String uri = "shm:" + dir.resolve("inherited.lock");
        UnsafeBuffer words = SyncFile.open(Endpoint.parse(uri), SyncDescriptor.KIND_LOCK, 1).buffer();
        words.putLongVolatile(SyncDescriptor.slotOffset(0), thisPidStarted(-1));
        try (IpcLock lock = IpcLock.open(uri)) {
            assertTrue(lock.tryLock(Duration.ofSeconds(5)));
            assertTrue(lock.previousOwnerDied());
            assertTrue(lock.isHeldByCurrentThread());
            IllegalStateException again = assertThrows(IllegalStateException.class, lock::lock);
            assertTrue(again.getMessage().contains("not reentrant"), again.getMessage());
            assertThrows(IllegalStateException.class, lock::tryLock);
            lock.unlock();
            assertFalse(lock.isHeldByCurrentThread());
            assertFalse(lock.previousOwnerDied(), "told only while held");
            assertThrows(io.jipc.sync.NotHeldException.class, lock::unlock);
            lock.lock();
            assertFalse(lock.previousOwnerDied(), "the next hold was given back normally");
            lock.unlock();
        }
    }

    @Test
    void theKernelsStartTimeIsComparedExactly() {
        String uri = "shm:" + dir.resolve("same.lock");
        UnsafeBuffer words = SyncFile.open(Endpoint.parse(uri), SyncDescriptor.KIND_LOCK, 1).buffer();
        assertTrue(Owners.isAlive(thisPidStarted(0)));
        assertFalse(Owners.isAlive(thisPidStarted(1)), "no tolerance: every process reads the same ticks");
        words.putLongVolatile(SyncDescriptor.slotOffset(0), thisPidStarted(0));
        try (IpcLock lock = IpcLock.open(uri)) {
            assertThrows(IpcTimeoutException.class, () -> lock.acquire(Duration.ofMillis(100)));
        }
    }

    @Test
    void aPidThatNoLongerExistsIsADeadOwner() {
        long unused = 0x7FFF_FFF0L; // above any pid_max
        assertFalse(Owners.isAlive(new ProcessIdentity(unused, 5).token()));
        assertTrue(Owners.isAlive(Owners.current()));
        assertTrue(Owners.isAlive(Owners.tokenOf(ProcessHandle.current())));
    }
}
