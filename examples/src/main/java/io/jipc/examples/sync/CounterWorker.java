package io.jipc.examples.sync;

import java.time.Duration;

import io.jipc.shm.SharedLong;
import io.jipc.sync.IpcLock;

/**
 * Adds 1 to a shared counter {@code iterations} times with a plain read and write, under the lock or, to show
 * why the lock is there, without it.
 * <p>
 * Arguments: {@code locked|unlocked <lock uri> <counter uri> <start-line prefix> <iterations>}.
 */
public final class CounterWorker {

    private CounterWorker() {
    }

    public static void main(String[] args) {
        boolean locked = args[0].equals("locked");
        int iterations = Integer.parseInt(args[4]);
        try (IpcLock lock = IpcLock.open(args[1]);
             SharedLong counter = SharedLong.open(args[2]);
             SharedLong ready = SharedLong.open(args[3] + "-ready");
             SharedLong go = SharedLong.open(args[3] + "-go")) {
            StartLine.await(ready, go, Duration.ofSeconds(60));
            for (int i = 0; i < iterations; i++) {
                if (locked) {
                    try (IpcLock.Held held = lock.acquire(Duration.ofSeconds(5))) {
                        if (held.previousOwnerDied()) {
                            System.err.println("a worker died holding the lock; the counter is still consistent");
                        }
                        counter.setPlain(counter.getPlain() + 1);
                    }
                } else {
                    counter.setPlain(counter.getPlain() + 1);
                }
            }
        }
    }
}
