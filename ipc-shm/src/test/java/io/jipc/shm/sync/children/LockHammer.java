package io.jipc.shm.sync.children;

import io.jipc.sync.IpcLock;

/** Takes and releases the lock named by its argument in a tight loop, as fast as it can, until killed. */
public final class LockHammer {
    private LockHammer() {
    }

    public static void main(String[] args) {
        try (IpcLock lock = IpcLock.open(args[0])) {
            while (true) {
                lock.lock();
                lock.unlock();
            }
        }
    }
}
