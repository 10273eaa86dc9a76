package io.jipc.cli.children;

import java.time.Duration;

import io.jipc.sync.IpcLock;
import io.jipc.sync.IpcSemaphore;

/**
 * {@code Holder lock <uri>} takes a lock, {@code Holder semaphore <uri> <permits> <n>} takes n permits; either holds
 * until killed (or its parent dies).
 */
public final class Holder {
    private Holder() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args[0].equals("lock")) {
            IpcLock.open(args[1]).acquire(Duration.ofSeconds(30));
        } else {
            IpcSemaphore.open(args[1], Integer.parseInt(args[2])).acquire(Integer.parseInt(args[3]), Duration.ofSeconds(30));
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}
