package io.jipc.examples.wait;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.jipc.Channel;
import io.jipc.ChannelServer;
import io.jipc.Ipc;
import io.jipc.Waitable;
import io.jipc.process.JvmProcess;

/**
 * Waits on three different things at once, like Python's {@code multiprocessing.connection.wait}: a worker JVM on
 * a pipe, a worker JVM on shared memory, and a child process that exits at a random moment. Each is handled as it
 * becomes ready: an answer is checked and the next task sent; the exit is recorded.
 * <p>
 * Arguments: {@code [tasks per worker]}, default 3,000.
 */
public final class WaitMaster {

    private static final long RANGE = 300;

    private WaitMaster() {
    }

    public static void main(String[] args) {
        int perWorker = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        long napMillis = ThreadLocalRandom.current().nextLong(100, 1500);
        String shmUri = "shm:jipc-example-wait-" + ProcessHandle.current().pid();   // a file under /dev/shm, removed on close
        try (ChannelServer server = Ipc.bind(shmUri);
             JvmProcess pipeWorker = JvmProcess.builder(PrimeWorker.class).args("pipe:stdio").start();
             JvmProcess shmWorker = JvmProcess.builder(PrimeWorker.class).args(server.endpoint().toString()).start();
             JvmProcess napper = JvmProcess.builder(Napper.class).args(Long.toString(napMillis), "0").start();
             Channel pipe = pipeWorker.channel();
             Channel shm = server.accept(Duration.ofSeconds(30))) {
            long started = System.nanoTime();
            System.out.println("pipe worker " + pipeWorker.pid() + ", shm worker " + shmWorker.pid() + ", napper "
                + napper.pid() + " (exits after " + napMillis + " ms)");
            Tasks pipeTasks = new Tasks(pipe, 0, perWorker);
            Tasks shmTasks = new Tasks(shm, perWorker, perWorker);
            pipeTasks.sendNext();
            shmTasks.sendNext();
            List<Waitable> waitingOn = new ArrayList<>(List.of(pipe, shm, napper));
            long napperSeenAfterMillis = -1;
            int rounds = 0;
            while (!waitingOn.isEmpty()) {
                rounds++;
                for (Waitable ready : Ipc.wait(waitingOn, Duration.ofSeconds(60))) {
                    if (ready == napper) {
                        napperSeenAfterMillis = (System.nanoTime() - started) / 1_000_000;
                        System.out.printf("the napper exited with %d, seen after %d ms; answers so far: %d%n",
                            napper.exitCode().getAsInt(), napperSeenAfterMillis, pipeTasks.answered + shmTasks.answered);
                        waitingOn.remove(napper);
                    } else {
                        Tasks tasks = ready == pipe ? pipeTasks : shmTasks;
                        if (tasks.takeAnswers()) {
                            waitingOn.remove(ready);
                        }
                    }
                }
            }
            long expected = PrimeWorker.countPrimes(0, 2L * perWorker * RANGE);
            long total = pipeTasks.primes + shmTasks.primes;
            if (total != expected) {
                throw new IllegalStateException("the workers counted " + total + " primes, expected " + expected);
            }
            if (napper.isAlive() || napper.exitCode().getAsInt() != 0 || napperSeenAfterMillis < 0) {
                throw new IllegalStateException("the napper's exit was reported wrongly: " + napper.exitCode()
                    + " after " + napperSeenAfterMillis + " ms");
            }
            System.out.println("OK wait: " + pipeTasks.answered + " answers over a pipe, " + shmTasks.answered
                + " over shared memory and one process exit, handled as each became ready in " + rounds + " waits");
        }
    }

    /** One worker's share: sends a task, takes its answer, sends the next. */
    private static final class Tasks {
        private final Channel channel;
        private final long first;
        private final int count;
        private int sent;
        int answered;
        long primes;

        Tasks(Channel channel, long first, int count) {
            this.channel = channel;
            this.first = first;
            this.count = count;
        }

        void sendNext() {
            long id = first + sent++;
            channel.send(ByteBuffer.allocate(24).putLong(id).putLong(id * RANGE).putLong((id + 1) * RANGE).array());
        }

        /** @return true when every answer is in */
        boolean takeAnswers() {
            channel.poll((buffer, offset, length) -> {
                long id = buffer.getLong(offset, java.nio.ByteOrder.BIG_ENDIAN);
                if (id != first + answered) {
                    throw new IllegalStateException("expected the answer to task " + (first + answered) + ", got " + id);
                }
                primes += buffer.getLong(offset + 8, java.nio.ByteOrder.BIG_ENDIAN);
                answered++;
            }, 16);
            if (sent == answered && sent < count) {
                sendNext();
            }
            return answered == count;
        }
    }
}
