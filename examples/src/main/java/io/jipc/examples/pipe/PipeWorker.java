package io.jipc.examples.pipe;

import java.nio.ByteBuffer;

import io.jipc.Channel;
import io.jipc.Ipc;

/** A worker JVM: answers each task (count the primes in a range) until the master closes the pipe. */
public final class PipeWorker {

    private PipeWorker() {
    }

    public static void main(String[] args) {
        try (Channel master = Ipc.connect("pipe:stdio")) {
            master.serve(request -> {
                ByteBuffer task = ByteBuffer.wrap(request);
                long id = task.getLong();
                long from = task.getLong();
                long to = task.getLong();
                return ByteBuffer.allocate(16).putLong(id).putLong(countPrimes(from, to)).array();
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
