package io.jipc.shm.sync.children;

import java.time.Duration;

import io.jipc.sync.IpcSemaphore;

/** Takes permits of a semaphore and holds them until killed. Arguments: URI, permits of the semaphore, permits to take. */
public final class SemaphoreHolder {
    private SemaphoreHolder() {
    }

    public static void main(String[] args) throws InterruptedException {
        IpcSemaphore semaphore = IpcSemaphore.open(args[0], Integer.parseInt(args[1]));
        semaphore.acquire(Integer.parseInt(args[2]), Duration.ofSeconds(30));
        Thread.sleep(Long.MAX_VALUE);
    }
}
