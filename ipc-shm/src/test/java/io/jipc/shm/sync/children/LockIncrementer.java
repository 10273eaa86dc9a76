package io.jipc.shm.sync.children;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.time.Duration;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import io.jipc.sync.IpcLock;

/**
 * Adds 1 to a plain (non-atomic) long at offset 0 of a mapped file, {@code iterations} times, each under the lock.
 * Starts at the {@link StartLine} in the same file. Arguments: lock URI, counter file, iterations.
 */
public final class LockIncrementer {
    private LockIncrementer() {
    }

    public static void main(String[] args) {
        int iterations = Integer.parseInt(args[2]);
        MappedByteBuffer mapped = IoUtil.mapExistingFile(new File(args[1]), "counter");
        UnsafeBuffer counter = new UnsafeBuffer(mapped);
        try (IpcLock lock = IpcLock.open(args[0])) {
            StartLine.await(counter);
            for (int i = 0; i < iterations; i++) {
                try (IpcLock.Held held = lock.acquire(Duration.ofSeconds(30))) {
                    if (held.previousOwnerDied()) {
                        throw new IllegalStateException("nobody died in this test");
                    }
                    counter.putLong(0, counter.getLong(0) + 1);
                }
            }
        } finally {
            IoUtil.unmap(mapped);
        }
    }
}
