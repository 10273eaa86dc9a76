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
import io.jipc.sync.IpcLock;

/** Owner tokens: a reused pid (same pid, another start time) is a dead owner; pid and start time together are not. */
@Timeout(30)
class ShmLockOwnerTest {

    @TempDir
    Path dir;

    @Test
    void aPidNowUsedByAProcessThatStartedAtAnotherTimeIsADeadOwner() {
        String uri = "shm:" + dir.resolve("reused.lock");
        UnsafeBuffer words = SyncFile.open(Endpoint.parse(uri), SyncDescriptor.KIND_LOCK, 1).buffer();
        long pid = Owners.pid(Owners.current());
        long earlier = (Owners.startSeconds(Owners.current()) - 3_600) << 32 | pid;
        words.putLongVolatile(SyncDescriptor.slotOffset(0), earlier);
        try (IpcLock lock = IpcLock.open(uri); IpcLock.Held held = lock.acquire(Duration.ofSeconds(5))) {
            assertTrue(held.previousOwnerDied(), "a process that started an hour earlier with this pid is gone");
        }
    }

    @Test
    void aStartTimeWithinTheToleranceIsTheSameLiveProcess() {
        String uri = "shm:" + dir.resolve("same.lock");
        UnsafeBuffer words = SyncFile.open(Endpoint.parse(uri), SyncDescriptor.KIND_LOCK, 1).buffer();
        long pid = Owners.pid(Owners.current());
        long aSecondOff = (Owners.startSeconds(Owners.current()) + 1) << 32 | pid;
        assertTrue(Owners.isAlive(aSecondOff));
        assertFalse(Owners.isAlive((Owners.startSeconds(Owners.current()) + 5) << 32 | pid));
        words.putLongVolatile(SyncDescriptor.slotOffset(0), aSecondOff);
        try (IpcLock lock = IpcLock.open(uri)) {
            assertThrows(IpcTimeoutException.class, () -> lock.acquire(Duration.ofMillis(100)));
        }
    }

    @Test
    void aPidThatNoLongerExistsIsADeadOwner() {
        long unused = 0x7FFF_FFF0L; // above any pid_max
        assertFalse(Owners.isAlive(Owners.startSeconds(Owners.current()) << 32 | unused));
        assertTrue(Owners.isAlive(Owners.current()));
        assertTrue(Owners.isAlive(Owners.tokenOf(ProcessHandle.current()) + (1L << 32)), "within the tolerance");
    }
}
