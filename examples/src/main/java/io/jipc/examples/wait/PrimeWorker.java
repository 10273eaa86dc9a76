package io.jipc.examples.wait;

import java.nio.ByteBuffer;

import io.jipc.Channel;
import io.jipc.Ipc;

/** A worker JVM on any endpoint ({@code args[0]}: {@code pipe:stdio}, an {@code shm:} server...): counts primes. */
public final class PrimeWorker {

    private PrimeWorker() {
    }

    public static void main(String[] args) {
        try (Channel master = Ipc.connect(args[0])) {
            master.serve(request -> {
                ByteBuffer task = ByteBuffer.wrap(request);
                long id = task.getLong();
                return ByteBuffer.allocate(16).putLong(id).putLong(countPrimes(task.getLong(), task.getLong())).array();
            });
        }
    }

    /** @return how many primes lie in [from, to) */
    static long countPrimes(long from, long to) {
        long count = 0;
        for (long n = Math.max(2, from); n < to; n++) {
            boolean prime = n > 1;
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
