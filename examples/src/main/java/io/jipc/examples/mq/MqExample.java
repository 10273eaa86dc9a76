package io.jipc.examples.mq;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import io.jipc.mq.From;
import io.jipc.mq.MessageQueue;
import io.jipc.mq.QueueMessage;
import io.jipc.mq.QueueReader;
import io.jipc.process.JvmProcess;

/**
 * Persistent queues surviving crashes: a master JVM ({@link MqMaster}) enqueues 10,000 tasks, three worker JVMs
 * ({@link MqWorker}) compete for them; part-way, one worker is killed with -9 mid-job and started again, and the
 * master is killed and started again. At the end every task has exactly one result once duplicates (a task whose
 * worker died after appending its result, before acknowledging the task) are removed by task id.
 * <p>
 * Arguments: {@code [tasks]}, default 10,000.
 */
public final class MqExample {

    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private MqExample() {
    }

    public static void main(String[] args) throws IOException {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path dir = Files.createTempDirectory("jipc-example-mq");
        List<JvmProcess> processes = new ArrayList<>();
        try {
            long started = System.nanoTime();
            JvmProcess master = start(processes, MqMaster.class, dir.toString(), Integer.toString(count));
            List<JvmProcess> workers = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                workers.add(start(processes, MqWorker.class, dir.toString(), Integer.toString(w)));
            }
            waitForResults(dir, count / 5);
            workers.get(0).kill();                                   // kill -9, most likely inside a 1 ms job
            workers.get(0).join(PATIENCE);
            System.out.println("worker " + workers.get(0).pid() + " killed with -9 at " + results(dir).size() + " results");
            start(processes, MqWorker.class, dir.toString(), "0");
            waitForResults(dir, count / 2);
            master.kill();
            master.join(PATIENCE);
            System.out.println("master " + master.pid() + " killed with -9 at " + results(dir).size() + " results");
            master = start(processes, MqMaster.class, dir.toString(), Integer.toString(count));
            if (!master.join(PATIENCE) || master.exitCode().orElse(-1) != 0) {
                throw new IllegalStateException("the restarted master did not finish: " + master.exitCode());
            }
            Map<Long, Integer> perTask = new HashMap<>();
            for (long id : results(dir)) {
                perTask.merge(id, 1, Integer::sum);
            }
            long duplicates = perTask.values().stream().mapToLong(n -> n - 1).sum();
            for (long id = 0; id < count; id++) {
                if (!perTask.containsKey(id)) {
                    throw new IllegalStateException("task " + id + " has no result");
                }
            }
            if (perTask.size() != count) {
                throw new IllegalStateException(perTask.size() + " distinct task ids in the results, expected " + count);
            }
            System.out.printf("%d tasks, %d results, %d duplicate(s) removed by task id, in %d ms%n", count,
                perTask.values().stream().mapToLong(Integer::longValue).sum(), duplicates, (System.nanoTime() - started) / 1_000_000);
            System.out.println("OK mq: " + count + " tasks, each with exactly one result after removing " + duplicates
                + " duplicate(s); a worker killed -9 and the master killed -9 were restarted");
        } finally {
            processes.forEach(JvmProcess::close);
            delete(dir);
        }
    }

    private static JvmProcess start(List<JvmProcess> processes, Class<?> main, String... args) {
        JvmProcess process = JvmProcess.builder(main).args(args).start();
        processes.add(process);
        return process;
    }

    /** @return the task id of every result so far */
    private static List<Long> results(Path dir) {
        List<Long> ids = new ArrayList<>();
        try (MessageQueue results = MessageQueue.open(Jobs.results(dir.toString()));
             QueueReader<QueueMessage> all = results.replay(From.start())) {
            while (all.poll(m -> ids.add(Jobs.taskId(m.buffer(), m.offset())), 10_000) > 0) {
                // read them all
            }
        }
        return ids;
    }

    private static void waitForResults(Path dir, int atLeast) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (results(dir).size() < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("fewer than " + atLeast + " results after " + PATIENCE);
            }
            LockSupport.parkNanos(20_000_000);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
