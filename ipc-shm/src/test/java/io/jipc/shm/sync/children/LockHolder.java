package io.jipc.shm.sync.children;

import java.time.Duration;

import io.jipc.sync.IpcLock;

/** Takes the lock named by its argument and holds it, inside its critical section, until killed. */
public final class LockHolder {
    private LockHolder() {
    }

    public static void main(String[] args) throws InterruptedException {
        IpcLock lock = IpcLock.open(args[0]);
        lock.acquire(Duration.ofSeconds(30));
        Thread.sleep(Long.MAX_VALUE);
    }
}
