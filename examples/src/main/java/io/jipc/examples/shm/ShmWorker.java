package io.jipc.examples.shm;

import java.nio.ByteBuffer;

import io.jipc.Channel;
import io.jipc.Ipc;
import io.jipc.shm.SharedLong;

/**
 * A worker JVM: connects to the master's shm: server ({@code args[0]}), answers each task (count the primes in a
 * range) and counts the tasks it did in a shared long ({@code args[1]}), until the master closes the channel.
 */
public final class ShmWorker {

    private ShmWorker() {
    }

    public static void main(String[] args) {
        try (Channel master = Ipc.connect(args[0]);
             SharedLong done = SharedLong.open(args[1])) {
            master.serve(request -> {
                ByteBuffer task = ByteBuffer.wrap(request);
                long id = task.getLong();
                long primes = countPrimes(task.getLong(), task.getLong());
                done.addAndGet(1);
                return ByteBuffer.allocate(16).putLong(id).putLong(primes).array();
            });
        }
    }

    /** @return how many primes lie in [from, to) */
    static long countPrimes(long from, long to) {
        long count = 0;
        for (long n = Math.max(2, from); n < to; n++) {
            boolean prime = true;
            for (long d = 2; d * d <= n; d++) {
                if (n % d == 0) {
                    prime = false;
                    break;
                }
            }
            if (prime) {
                count++;
            }
        }
        return count;
    }
}
