package io.jipc.examples.socket;

import java.nio.ByteBuffer;

import io.jipc.Channel;
import io.jipc.Ipc;

/**
 * A worker JVM: connects to the master ({@code args[0]}, a tcp: or unix: endpoint; the key, if the master wants one,
 * from {@code JIPC_AUTH_KEY}), answers each task (count the primes in a range) until the master closes the channel.
 * On another host: {@code JIPC_AUTH_KEY=... java -cp jipc-examples.jar io.jipc.examples.socket.SocketWorker tcp://master:7000}.
 */
public final class SocketWorker {

    private SocketWorker() {
    }

    public static void main(String[] args) {
        try (Channel master = Ipc.connect(args[0])) {
            master.serve(request -> {
                ByteBuffer task = ByteBuffer.wrap(request);
                long id = task.getLong();
                long primes = countPrimes(task.getLong(), task.getLong());
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
